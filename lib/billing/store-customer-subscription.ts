import type Stripe from "stripe";
import { z } from "zod";
import type { PlanPrices } from "@/lib/billing/plans";
import { type SubscriptionSnapshot, subscriptionSnapshot } from "@/lib/billing/subscription-snapshot";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Stores what Stripe said about a customer's subscriptions on the agent who is that customer
 * (DESIGN.md §8). Order-independent by construction:
 * - the stored row is a function of Stripe's state (subscription-snapshot.ts), never of an event's
 *   payload, so late and repeated events cannot bring back an old state by themselves;
 * - each read of Stripe is numbered before it starts (sequence "StripeSubscriptionRead"), and a read
 *   is stored only over one numbered lower. Two webhooks racing cannot let an earlier read overwrite
 *   a later one; the last change in Stripe is followed by an event whose read starts after it, so
 *   the row ends equal to Stripe's final state.
 * Runs inside the caller's transaction; no network calls.
 */

export type CustomerSubscriptionsRead = {
  customerId: string;
  /** Number taken from "StripeSubscriptionRead" before the read began. */
  readSeq: bigint;
  subscriptions: readonly Stripe.Subscription[];
  /** checkout.session.completed's client_reference_id: the agent who started the Checkout. */
  checkoutUserId?: string | null;
};

export type StoreOutcome =
  | { kind: "stored"; userId: string; snapshot: SubscriptionSnapshot }
  /** The agent already holds a later read. */
  | { kind: "stale"; userId: string }
  | { kind: "unknown-customer" };

const userId = z.uuid();

export async function storeCustomerSubscription(
  tx: Prisma.TransactionClient,
  read: CustomerSubscriptionsRead,
  prices: PlanPrices,
): Promise<StoreOutcome> {
  const user = await agentOfCustomer(tx, read);
  if (!user) return { kind: "unknown-customer" };
  const snapshot = subscriptionSnapshot(read.subscriptions, prices);
  const { count } = await tx.user.updateMany({
    where: {
      id: user.id,
      OR: [{ subscriptionReadSeq: null }, { subscriptionReadSeq: { lt: read.readSeq } }],
    },
    data: { ...snapshot, subscriptionReadSeq: read.readSeq },
  });
  return count === 1 ? { kind: "stored", userId: user.id, snapshot } : { kind: "stale", userId: user.id };
}

/**
 * The agent whose Stripe customer this is. Checkout creates the customer and stores its id first
 * (start-checkout.ts), so this is normally a lookup; an agent without a customer id yet is linked
 * from the ids Dripr itself gave Stripe: the Checkout's client_reference_id, or the subscription's
 * metadata.userId.
 */
async function agentOfCustomer(
  tx: Prisma.TransactionClient,
  read: CustomerSubscriptionsRead,
): Promise<{ id: string } | null> {
  const found = await tx.user.findUnique({
    where: { stripeCustomerId: read.customerId },
    select: { id: true },
  });
  if (found) return found;
  const candidates = [read.checkoutUserId, ...read.subscriptions.map((sub) => sub.metadata?.userId)];
  for (const candidate of candidates) {
    if (!userId.safeParse(candidate).success) continue;
    const id = candidate as string;
    const { count } = await tx.user.updateMany({
      where: { id, stripeCustomerId: null },
      data: { stripeCustomerId: read.customerId },
    });
    if (count === 1) return { id };
  }
  return null;
}
