import type Stripe from "stripe";
import { type EventTarget, stripeId } from "./event-target";

/** customer.subscription.updated: the customer's subscriptions are read again and stored. */
export function customerSubscriptionUpdated(event: Stripe.CustomerSubscriptionUpdatedEvent): EventTarget {
  const customerId = stripeId(event.data.object.customer);
  return customerId ? { customerId } : null;
}
