/**
 * What a Stripe event makes Dripr do: read that customer's subscriptions from Stripe and store them
 * (store-customer-subscription.ts). Null: the event concerns nothing Dripr keeps (it is recorded).
 */
export type EventTarget = {
  customerId: string;
  /** Set by checkout.session.completed: the agent who started the Checkout. */
  checkoutUserId?: string | null;
} | null;

/** A Stripe reference (an id or the expanded object) as its id. */
export function stripeId(ref: string | { id: string } | null | undefined): string | null {
  if (ref === null || ref === undefined) return null;
  return typeof ref === "string" ? ref : ref.id;
}
