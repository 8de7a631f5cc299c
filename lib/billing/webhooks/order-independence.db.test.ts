import fc from "fast-check";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCheckout } from "@/lib/billing/start-checkout";
import { getDb } from "@/lib/db";
import { createTestAgent } from "@/test/factories/agent";
import { TEST_PRICE_INTERVALS, testBillingDeps } from "@/test/fakes/billing";
import { type StripeServer, type SubscriptionAction, startStripeServer } from "@/test/vendors/stripe-server";
import { applyStripeEvent, type PreparedStripeEvent, prepareStripeEvent } from "./process-stripe-event";

// Issue 16's acceptance: replaying a subscription's events in any order, with duplicates, and with
// webhook handlers racing (one reads Stripe, another reads and stores, then the first stores) ends in
// the subscription's real final state. Stripe delivers every event at least once, so each is.
const NOW = new Date("2031-03-10T15:00:00Z");
let server: StripeServer;

beforeAll(async () => {
  server = await startStripeServer({ now: () => NOW, prices: TEST_PRICE_INTERVALS });
});
afterAll(() => server.close());

const deps = () => testBillingDeps(server, () => NOW, { trialDays: 14 });

/** trial → active → past_due → active → canceled, with plan changes and cancel toggles between. */
const extraStep = fc.constantFrom<SubscriptionAction>(
  { action: "change-price", price: "price_pro_monthly" },
  { action: "change-price", price: "price_solo_yearly" },
  { action: "change-price", price: "price_solo_monthly" },
  { action: "cancel-at-period-end", value: true },
  { action: "cancel-at-period-end", value: false },
  { action: "renew", paid: false },
  { action: "renew", paid: true },
  { action: "unpaid" },
);
const BACKBONE: SubscriptionAction[] = [
  { action: "renew", paid: true },
  { action: "renew", paid: false },
  { action: "pay" },
];
const scenario = fc.record({
  extras: fc.array(fc.tuple(fc.nat(BACKBONE.length), extraStep), { maxLength: 5 }),
  cancel: fc.boolean(),
  /** How many times each event is delivered (1–3), by emission order. */
  copies: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 40, maxLength: 40 }),
  /** Which of the actions that may happen next happens next. */
  picks: fc.array(fc.nat(), { minLength: 400, maxLength: 400 }),
});

function stepsOf(extras: [number, SubscriptionAction][], cancel: boolean): SubscriptionAction[] {
  const steps: SubscriptionAction[] = [];
  BACKBONE.forEach((step, i) => {
    for (const [at, extra] of extras) if (at === i) steps.push(extra);
    steps.push(step);
  });
  for (const [at, extra] of extras) if (at === BACKBONE.length) steps.push(extra);
  if (cancel) steps.push({ action: "cancel" });
  return steps;
}

type Delivery = { event: Stripe.Event; prepared?: PreparedStripeEvent; applied: boolean };

describe("order independence", () => {
  it("any order of delivery, duplicates and racing reads end equal to the final subscription", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ extras, cancel, copies, picks }) => {
        const agent = await createTestAgent(getDb());
        const seen = server.events().length;
        const { sessionId } = await startCheckout(deps(), agent.id, { plan: "solo", interval: "monthly" });
        const sub = server.completeCheckout(sessionId);
        const steps = stepsOf(extras, cancel);
        const deliveries: Delivery[] = [];
        let emitted = seen;
        const collect = () => {
          for (const event of server.events().slice(emitted)) {
            const n = copies[(emitted - seen) % copies.length] ?? 1;
            for (let i = 0; i < n; i++) deliveries.push({ event, applied: false });
            emitted++;
          }
        };
        collect();

        let changed = 0;
        let pick = 0;
        for (;;) {
          const choices: (() => Promise<void>)[] = [];
          const next = steps[changed];
          if (next) {
            choices.push(async () => {
              // A subscription set to cancel ends at a renewal; later steps cannot happen to it.
              if (server.subscription(sub.id).status !== "canceled") server.act(sub.id, next);
              changed++;
              collect();
            });
          }
          for (const delivery of deliveries) {
            if (!delivery.prepared) {
              choices.push(async () => {
                delivery.prepared = await prepareStripeEvent(deps(), delivery.event);
              });
            } else if (!delivery.applied) {
              const prepared = delivery.prepared;
              choices.push(async () => {
                await applyStripeEvent(deps(), prepared);
                delivery.applied = true;
              });
            }
          }
          if (choices.length === 0) break;
          await (choices[(picks[pick++ % picks.length] ?? 0) % choices.length] as () => Promise<void>)();
        }

        const final = server.subscription(sub.id);
        const item = final.items.data[0];
        const stored = await getDb().user.findUniqueOrThrow({ where: { id: agent.id } });
        expect(stored).toMatchObject({
          stripeSubscriptionId: final.id,
          subscriptionStatus: final.status.toUpperCase(),
          subscriptionPriceId: item?.price.id,
          subscriptionPlan: item?.price.id.startsWith("price_pro") ? "pro" : "solo",
          subscriptionCurrentPeriodEnd: new Date((item?.current_period_end ?? 0) * 1000),
          subscriptionCancelAt:
            final.status === "canceled"
              ? new Date((final.ended_at ?? 0) * 1000)
              : final.cancel_at_period_end
                ? new Date((item?.current_period_end ?? 0) * 1000)
                : null,
        });
        const ids = [...new Set(deliveries.map((d) => d.event.id))];
        const recorded = await getDb().processedWebhookEvent.findMany({
          where: { provider: "STRIPE", eventId: { in: ids } },
        });
        expect(recorded.map((r) => r.eventId).sort()).toEqual(ids.sort());
      }),
      { numRuns: 25, endOnFailure: true },
    );
  }, 240_000);
});
