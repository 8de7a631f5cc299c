import type Stripe from "stripe";
import type { BillingDeps } from "@/lib/billing/billing-deps";
import {
  type CustomerSubscriptionsRead,
  storeCustomerSubscription,
} from "@/lib/billing/store-customer-subscription";
import { applyWebhookOnce } from "@/lib/events/apply-webhook-once";
import { stripeEventTarget } from "./stripe-event-target";

/**
 * One verified Stripe event, applied once (DESIGN.md §8). Two steps, so the network call happens
 * outside the transaction:
 * 1. prepare: unless the event id is recorded already, number a read ("StripeSubscriptionRead") and
 *    read the customer's subscriptions from Stripe, latest invoices expanded;
 * 2. apply: one transaction records the event id (a unique key: a concurrent copy waits, then finds
 *    it) and stores the read (store-customer-subscription.ts).
 * Stripe's errors propagate: the webhook answers 500 and Stripe delivers again.
 */

export type PreparedStripeEvent =
  | { kind: "duplicate" | "unhandled" | "no-target"; event: Stripe.Event }
  | { kind: "read"; event: Stripe.Event; read: CustomerSubscriptionsRead };

export type StripeEventOutcome =
  | "stored"
  | "stale"
  | "unknown-customer"
  | "ignored"
  | "unhandled"
  | "duplicate";

export async function prepareStripeEvent(
  deps: BillingDeps,
  event: Stripe.Event,
): Promise<PreparedStripeEvent> {
  const target = stripeEventTarget(event);
  if (target === undefined) return { kind: "unhandled", event };
  const recorded = await deps.db.processedWebhookEvent.findUnique({
    where: { provider_eventId: { provider: "STRIPE", eventId: event.id } },
    select: { id: true },
  });
  if (recorded) return { kind: "duplicate", event };
  if (target === null) return { kind: "no-target", event };
  const [row] = await deps.db.$queryRaw<{ seq: bigint }[]>`SELECT nextval('"StripeSubscriptionRead"') AS seq`;
  if (!row) throw new Error("nextval returned no row");
  const list = await deps.stripe.subscriptions.list({
    customer: target.customerId,
    status: "all",
    limit: 100,
    expand: ["data.latest_invoice"],
  });
  if (list.has_more) {
    deps.log.warn(
      { customerId: target.customerId },
      "Stripe customer has over 100 subscriptions; read the first 100",
    );
  }
  return {
    kind: "read",
    event,
    read: { ...target, readSeq: row.seq, subscriptions: list.data },
  };
}

export async function applyStripeEvent(
  deps: BillingDeps,
  prepared: PreparedStripeEvent,
): Promise<StripeEventOutcome> {
  const { event } = prepared;
  if (prepared.kind === "unhandled" || prepared.kind === "duplicate") return prepared.kind;
  const delivery = { provider: "STRIPE" as const, eventId: event.id, type: event.type, now: deps.now() };
  return applyWebhookOnce(deps.db, delivery, async (tx): Promise<StripeEventOutcome> => {
    if (prepared.kind !== "read") return "ignored";
    return (await storeCustomerSubscription(tx, prepared.read, deps.billing.prices)).kind;
  });
}

export async function processStripeEvent(
  deps: BillingDeps,
  event: Stripe.Event,
): Promise<StripeEventOutcome> {
  return applyStripeEvent(deps, await prepareStripeEvent(deps, event));
}
