import type Stripe from "stripe";
import { type PlanKey, type PlanPrices, planOfPrice } from "@/lib/billing/plans";
import type { SubscriptionStatus } from "@/lib/generated/prisma/enums";

/**
 * What Dripr keeps of an agent's subscription (the User's subscription columns), computed from the
 * customer's subscriptions as read from Stripe. Pure, so the stored state is a function of Stripe's
 * state alone: the same reads give the same row, whatever order the webhooks came in.
 * Field paths are those of the API version stripe@23 pins (notes/stripe-and-lightsail.md A2): the
 * period and price live on the subscription's item.
 */

export type SubscriptionSnapshot = {
  stripeSubscriptionId: string | null;
  subscriptionStatus: SubscriptionStatus;
  subscriptionPlan: PlanKey | null;
  subscriptionPriceId: string | null;
  subscriptionCurrentPeriodEnd: Date | null;
  subscriptionCancelAt: Date | null;
  subscriptionTrialEnd: Date | null;
  subscriptionPastDueSince: Date | null;
};

export const NO_SUBSCRIPTION: SubscriptionSnapshot = {
  stripeSubscriptionId: null,
  subscriptionStatus: "NONE",
  subscriptionPlan: null,
  subscriptionPriceId: null,
  subscriptionCurrentPeriodEnd: null,
  subscriptionCancelAt: null,
  subscriptionTrialEnd: null,
  subscriptionPastDueSince: null,
};

type KnownStatus =
  | "active"
  | "trialing"
  | "past_due"
  | "unpaid"
  | "paused"
  | "incomplete"
  | "incomplete_expired"
  | "canceled";

const STATUS: Record<KnownStatus, SubscriptionStatus> = {
  active: "ACTIVE",
  trialing: "TRIALING",
  past_due: "PAST_DUE",
  unpaid: "UNPAID",
  paused: "PAUSED",
  incomplete: "INCOMPLETE",
  incomplete_expired: "INCOMPLETE_EXPIRED",
  canceled: "CANCELED",
};

/** Which subscription counts when a customer has several: one that bills beats one that ended. */
const RANK: Record<KnownStatus, number> = {
  active: 3,
  trialing: 3,
  past_due: 3,
  unpaid: 2,
  paused: 2,
  incomplete: 1,
  incomplete_expired: 0,
  canceled: 0,
};

const isKnown = (status: string): status is KnownStatus => status in STATUS;
/** A status newer than this API version: treated as not paying (it starts no cycle) until mapped. */
const statusOf = (sub: Stripe.Subscription): SubscriptionStatus =>
  isKnown(sub.status) ? STATUS[sub.status] : "INCOMPLETE";
const rankOf = (sub: Stripe.Subscription): number => (isKnown(sub.status) ? RANK[sub.status] : 0);

/**
 * The customer's subscription that decides the agent's state: the best-ranked status, then the
 * newest. A customer normally has one; two happen when two Checkout tabs both completed.
 */
export function subscriptionThatCounts(
  subscriptions: readonly Stripe.Subscription[],
): Stripe.Subscription | undefined {
  let best: Stripe.Subscription | undefined;
  for (const sub of subscriptions) {
    if (
      !best ||
      rankOf(sub) > rankOf(best) ||
      (rankOf(sub) === rankOf(best) &&
        (sub.created > best.created || (sub.created === best.created && sub.id > best.id)))
    ) {
      best = sub;
    }
  }
  return best;
}

export function subscriptionSnapshot(
  subscriptions: readonly Stripe.Subscription[],
  prices: PlanPrices,
): SubscriptionSnapshot {
  const sub = subscriptionThatCounts(subscriptions);
  if (!sub) return NO_SUBSCRIPTION;
  const item = sub.items.data[0];
  const priceId = item?.price.id ?? null;
  const periodEnd = item ? seconds(item.current_period_end) : null;
  return {
    stripeSubscriptionId: sub.id,
    subscriptionStatus: statusOf(sub),
    subscriptionPlan: planOfPrice(prices, priceId)?.plan.key ?? null,
    subscriptionPriceId: priceId,
    subscriptionCurrentPeriodEnd: periodEnd,
    subscriptionCancelAt: cancelAt(sub, periodEnd),
    subscriptionTrialEnd: sub.trial_end === null ? null : seconds(sub.trial_end),
    subscriptionPastDueSince: sub.status === "past_due" ? pastDueSince(sub) : null,
  };
}

/** When it ends (or ended): cancel_at, the period end when cancelling there, or when it was ended. */
function cancelAt(sub: Stripe.Subscription, periodEnd: Date | null): Date | null {
  if (sub.status === "canceled" || sub.status === "incomplete_expired") {
    const ended = sub.ended_at ?? sub.canceled_at;
    return ended === null ? null : seconds(ended);
  }
  if (sub.cancel_at !== null) return seconds(sub.cancel_at);
  return sub.cancel_at_period_end ? periodEnd : null;
}

/**
 * When the unpaid invoice was issued (the subscription is read with its latest invoice expanded);
 * the current period's start when the invoice is not expanded.
 */
function pastDueSince(sub: Stripe.Subscription): Date | null {
  const invoice = sub.latest_invoice;
  if (invoice !== null && typeof invoice === "object") return seconds(invoice.created);
  const start = sub.items.data[0]?.current_period_start;
  return start === undefined ? null : seconds(start);
}

const seconds = (unix: number) => new Date(unix * 1000);
