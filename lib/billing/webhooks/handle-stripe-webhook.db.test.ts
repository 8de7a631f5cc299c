import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCheckout } from "@/lib/billing/start-checkout";
import { getDb } from "@/lib/db";
import { captureLogger } from "@/lib/events/emulator-for-tests";
import type { User } from "@/lib/generated/prisma/client";
import { createTestAgent } from "@/test/factories/agent";
import { testBillingDeps } from "@/test/fakes/billing";
import { type StripeServer, startStripeServer, stripeWebhookRequest } from "@/test/vendors/stripe-server";
import { unix } from "@/test/vendors/stripe-wire-format";
import { handleStripeWebhook } from "./handle-stripe-webhook";
import { applyStripeEvent, prepareStripeEvent } from "./process-stripe-event";

// Stripe's webhook endpoint with deliveries signed by the SDK's own test helper, the subscription
// read back through the real SDK from the local wire server.
const NOW = new Date("2031-03-10T15:00:00Z");
let server: StripeServer;

beforeAll(async () => {
  server = await startStripeServer({ now: () => NOW });
});
afterAll(() => server.close());

const deps = (now = NOW) => testBillingDeps(server, () => now);

async function deliver(
  event: Stripe.Event,
  options: { secret?: string; timestamp?: number; payload?: string; now?: Date } = {},
) {
  const captured = captureLogger();
  const timestamp = options.timestamp ?? unix(options.now ?? NOW);
  const request = stripeWebhookRequest(event, { secret: server.webhookSecret, ...options, timestamp });
  const response = await handleStripeWebhook(request, deps(options.now), captured.log);
  return { status: response.status, body: await response.text(), lines: captured.lines };
}

/** An agent who went through Checkout: the subscription exists at Stripe, no event delivered yet. */
async function subscribedAgent(): Promise<{ agent: User; sub: Stripe.Subscription; events: Stripe.Event[] }> {
  const agent = await createTestAgent(getDb());
  const seen = server.events().length;
  const { sessionId } = await startCheckout(deps(), agent.id, { plan: "pro", interval: "monthly" });
  const sub = server.completeCheckout(sessionId);
  return { agent, sub, events: server.events().slice(seen) };
}

const billingOf = (id: string) =>
  getDb().user.findUniqueOrThrow({
    where: { id },
    select: {
      stripeSubscriptionId: true,
      subscriptionStatus: true,
      subscriptionPlan: true,
      subscriptionPriceId: true,
      subscriptionCurrentPeriodEnd: true,
      subscriptionCancelAt: true,
      subscriptionPastDueSince: true,
    },
  });

const recorded = (eventId: string) =>
  getDb().processedWebhookEvent.findMany({ where: { provider: "STRIPE", eventId } });

describe("verification", () => {
  it("a signed checkout.session.completed stores the subscription read from Stripe, once", async () => {
    const { agent, sub, events } = await subscribedAgent();
    const completed = events.find((e) => e.type === "checkout.session.completed");
    if (!completed) throw new Error("no checkout.session.completed");
    const lists = server.count("GET", "/v1/subscriptions");
    expect(await deliver(completed)).toMatchObject({ status: 200, body: "stored" });
    expect(server.count("GET", "/v1/subscriptions") - lists).toBe(1);
    const listed = server.requests.findLast((r) => r.path === "/v1/subscriptions");
    expect(listed?.params).toMatchObject({ status: "all", expand: ["data.latest_invoice"] });
    expect(await billingOf(agent.id)).toEqual({
      stripeSubscriptionId: sub.id,
      subscriptionStatus: "ACTIVE",
      subscriptionPlan: "pro",
      subscriptionPriceId: "price_pro_monthly",
      subscriptionCurrentPeriodEnd: new Date("2031-04-10T15:00:00Z"),
      subscriptionCancelAt: null,
      subscriptionPastDueSince: null,
    });
    expect(await recorded(completed.id)).toEqual([
      expect.objectContaining({ type: "checkout.session.completed", receivedAt: NOW, processedAt: NOW }),
    ]);

    // The same event again: answered, not read from Stripe again, nothing changes.
    const again = await deliver(completed);
    expect(again).toMatchObject({ status: 200, body: "duplicate" });
    expect(server.count("GET", "/v1/subscriptions") - lists).toBe(1);
    expect(await recorded(completed.id)).toHaveLength(1);
  });

  it("tampered body, wrong secret, no header, or a timestamp over 300 s old: 400 and nothing changes", async () => {
    const { agent, events } = await subscribedAgent();
    const event = events[0] as Stripe.Event;
    const reads = server.count("GET", "/v1/subscriptions");
    const cases: [Parameters<typeof deliver>[1], RegExp][] = [
      [{ payload: JSON.stringify(event, null, 2).replace('"active"', '"canceled"') }, /No signatures found/],
      [{ secret: "whsec_someone_else" }, /No signatures found/],
      [{ timestamp: unix(NOW) - 301 }, /Timestamp outside the tolerance zone/],
    ];
    for (const [options, message] of cases) {
      const answer = await deliver(event, options);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatch(message);
    }
    const unsigned = await handleStripeWebhook(
      new Request("http://127.0.0.1/api/webhooks/stripe", { method: "POST", body: JSON.stringify(event) }),
      deps(),
      captureLogger().log,
    );
    expect(unsigned.status).toBe(400);
    expect(server.count("GET", "/v1/subscriptions")).toBe(reads);
    expect(await recorded(event.id)).toEqual([]);
    expect((await billingOf(agent.id)).subscriptionStatus).toBe("NONE");

    // 299 s old at the handler's clock is still accepted.
    expect((await deliver(event, { timestamp: unix(NOW) - 299 })).status).toBe(200);
    expect((await billingOf(agent.id)).subscriptionStatus).toBe("ACTIVE");
  });

  it("answers 503 while billing or its signing secret is not configured", async () => {
    const [event] = server.events();
    const request = stripeWebhookRequest(event as Stripe.Event, {
      secret: server.webhookSecret,
      timestamp: unix(NOW),
    });
    expect((await handleStripeWebhook(request, undefined, captureLogger().log)).status).toBe(503);
    const noSecret = { ...deps(), billing: { ...deps().billing, webhookSecret: undefined } };
    const again = stripeWebhookRequest(event as Stripe.Event, {
      secret: server.webhookSecret,
      timestamp: unix(NOW),
    });
    expect((await handleStripeWebhook(again, noSecret, captureLogger().log)).status).toBe(503);
  });
});

describe("event types", () => {
  it("a type Dripr does not handle: 200, logged, not recorded, Stripe not called", async () => {
    const [template] = server.events();
    const event = {
      ...(template as Stripe.Event),
      id: "evt_test_unhandled",
      type: "customer.updated",
    } as Stripe.Event;
    const reads = server.requests.length;
    const answer = await deliver(event);
    expect(answer).toMatchObject({ status: 200, body: "unhandled" });
    expect(answer.lines).toContainEqual(
      expect.objectContaining({
        msg: "Stripe webhook of a type Dripr does not handle",
        type: "customer.updated",
      }),
    );
    expect(server.requests.length).toBe(reads);
    expect(await recorded(event.id)).toEqual([]);
  });

  it("each handled type reads the customer's subscriptions: payment failed, paid, updated, deleted", async () => {
    const { agent, sub } = await subscribedAgent();
    const at = server.events().length;
    server.act(sub.id, { action: "renew", paid: false });
    const [failed, updated] = server.events().slice(at);
    expect(failed?.type).toBe("invoice.payment_failed");
    expect(await deliver(failed as Stripe.Event)).toMatchObject({ status: 200, body: "stored" });
    expect(await billingOf(agent.id)).toMatchObject({
      subscriptionStatus: "PAST_DUE",
      subscriptionPastDueSince: NOW,
    });
    expect(await deliver(updated as Stripe.Event)).toMatchObject({ status: 200, body: "stored" });

    const paidAt = server.events().length;
    server.act(sub.id, { action: "pay" });
    const [paid] = server.events().slice(paidAt);
    expect(paid?.type).toBe("invoice.paid");
    expect(await deliver(paid as Stripe.Event)).toMatchObject({ body: "stored" });
    expect(await billingOf(agent.id)).toMatchObject({
      subscriptionStatus: "ACTIVE",
      subscriptionPastDueSince: null,
    });

    const cancelAt = server.events().length;
    server.act(sub.id, { action: "cancel" });
    const [deleted] = server.events().slice(cancelAt);
    expect(deleted?.type).toBe("customer.subscription.deleted");
    expect(await deliver(deleted as Stripe.Event)).toMatchObject({ body: "stored" });
    expect(await billingOf(agent.id)).toMatchObject({
      subscriptionStatus: "CANCELED",
      subscriptionCancelAt: NOW,
    });
  });

  it("a customer no agent has (made in the Dashboard): recorded, 200, nothing stored", async () => {
    const { stripe } = deps();
    const customer = await stripe.customers.create({ email: "someone@example.com" });
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: "price_solo_monthly", quantity: 1 }],
      success_url: "http://127.0.0.1:3100/done",
    });
    const at = server.events().length;
    server.completeCheckout(session.id);
    const created = server.events()[at] as Stripe.Event;
    const answer = await deliver(created);
    expect(answer).toMatchObject({ status: 200, body: "unknown-customer" });
    expect(answer.lines).toContainEqual(
      expect.objectContaining({ msg: "Stripe webhook for a customer of no agent" }),
    );
    expect(await recorded(created.id)).toHaveLength(1);
    expect(await getDb().user.count({ where: { stripeCustomerId: customer.id } })).toBe(0);
  });

  it("an agent whose customer id was not stored is linked from the ids Dripr gave Stripe", async () => {
    const { agent, sub, events } = await subscribedAgent();
    await getDb().user.update({ where: { id: agent.id }, data: { stripeCustomerId: null } });
    const completed = events.find((e) => e.type === "checkout.session.completed") as Stripe.Event;
    expect(await deliver(completed)).toMatchObject({ body: "stored" });
    expect(await getDb().user.findUniqueOrThrow({ where: { id: agent.id } })).toMatchObject({
      stripeCustomerId: sub.customer,
      stripeSubscriptionId: sub.id,
      subscriptionStatus: "ACTIVE",
    });
  });
});

describe("ordering", () => {
  it("a read begun before another never overwrites it, whatever order they finish in", async () => {
    const { agent, sub, events } = await subscribedAgent();
    const created = events.find((e) => e.type === "customer.subscription.created") as Stripe.Event;
    const early = await prepareStripeEvent(deps(), created); // reads: active
    const at = server.events().length;
    server.act(sub.id, { action: "cancel" });
    const deleted = server.events()[at] as Stripe.Event;
    const late = await prepareStripeEvent(deps(), deleted); // reads: canceled
    expect(await applyStripeEvent(deps(), late)).toBe("stored");
    expect(await applyStripeEvent(deps(), early)).toBe("stale");
    expect((await billingOf(agent.id)).subscriptionStatus).toBe("CANCELED");
    // Both events are recorded: a redelivery of the early one is a duplicate.
    expect(await applyStripeEvent(deps(), await prepareStripeEvent(deps(), created))).toBe("duplicate");
  });

  it("a second subscription from a second Checkout tab: the one that bills counts", async () => {
    const agent = await createTestAgent(getDb());
    const first = await startCheckout(deps(), agent.id, { plan: "solo", interval: "monthly" });
    const second = await startCheckout(deps(), agent.id, { plan: "pro", interval: "monthly" });
    const a = server.completeCheckout(first.sessionId);
    const b = server.completeCheckout(second.sessionId);
    const at = server.events().length;
    server.act(a.id, { action: "cancel" });
    const deleted = server.events()[at] as Stripe.Event;
    expect(await deliver(deleted)).toMatchObject({ body: "stored" });
    expect(await billingOf(agent.id)).toMatchObject({
      stripeSubscriptionId: b.id,
      subscriptionStatus: "ACTIVE",
      subscriptionPlan: "pro",
    });
  });
});
