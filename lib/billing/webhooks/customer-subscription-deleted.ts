import type Stripe from "stripe";
import { type EventTarget, stripeId } from "./event-target";

/** customer.subscription.deleted: the customer's subscriptions are read again and stored. */
export function customerSubscriptionDeleted(event: Stripe.CustomerSubscriptionDeletedEvent): EventTarget {
  const customerId = stripeId(event.data.object.customer);
  return customerId ? { customerId } : null;
}
