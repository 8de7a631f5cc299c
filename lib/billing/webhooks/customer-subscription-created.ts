import type Stripe from "stripe";
import { type EventTarget, stripeId } from "./event-target";

/** customer.subscription.created: the customer's subscriptions are read again and stored. */
export function customerSubscriptionCreated(event: Stripe.CustomerSubscriptionCreatedEvent): EventTarget {
  const customerId = stripeId(event.data.object.customer);
  return customerId ? { customerId } : null;
}
