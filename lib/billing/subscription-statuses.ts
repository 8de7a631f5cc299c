import type { SubscriptionStatus } from "@/lib/generated/prisma/enums";

/**
 * Statuses of a subscription that still exists and bills (or tries to): the agent changes or cancels
 * it in the Customer Portal rather than starting a second one in Checkout.
 */
export const LIVE_SUBSCRIPTION_STATUSES: readonly SubscriptionStatus[] = [
  "ACTIVE",
  "TRIALING",
  "PAST_DUE",
  "UNPAID",
  "PAUSED",
];

export function isLiveSubscription(status: SubscriptionStatus): boolean {
  return LIVE_SUBSCRIPTION_STATUSES.includes(status);
}
