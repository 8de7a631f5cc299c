import type Stripe from "stripe";
import { type EventTarget, stripeId } from "./event-target";

/**
 * checkout.session.completed: an agent finished Checkout. Only subscription-mode sessions concern
 * billing; the session's client_reference_id (the agent's User id, set by start-checkout.ts) links
 * the customer to the agent if that link is not stored yet.
 */
export function checkoutSessionCompleted(event: Stripe.CheckoutSessionCompletedEvent): EventTarget {
  const session = event.data.object;
  const customerId = stripeId(session.customer);
  if (session.mode !== "subscription" || !customerId) return null;
  return { customerId, checkoutUserId: session.client_reference_id };
}
