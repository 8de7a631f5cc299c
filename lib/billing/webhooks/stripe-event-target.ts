import type Stripe from "stripe";
import { checkoutSessionCompleted } from "./checkout-session-completed";
import { customerSubscriptionCreated } from "./customer-subscription-created";
import { customerSubscriptionDeleted } from "./customer-subscription-deleted";
import { customerSubscriptionUpdated } from "./customer-subscription-updated";
import type { EventTarget } from "./event-target";
import { invoicePaid } from "./invoice-paid";
import { invoicePaymentFailed } from "./invoice-payment-failed";

/** The event types Dripr subscribes to (README: the webhook endpoint's events). */
export const HANDLED_STRIPE_EVENTS = [
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.paid",
  "invoice.payment_failed",
] as const;

/** What one event makes Dripr do (one file per type); undefined for a type Dripr does not handle. */
export function stripeEventTarget(event: Stripe.Event): EventTarget | undefined {
  switch (event.type) {
    case "checkout.session.completed":
      return checkoutSessionCompleted(event);
    case "customer.subscription.created":
      return customerSubscriptionCreated(event);
    case "customer.subscription.updated":
      return customerSubscriptionUpdated(event);
    case "customer.subscription.deleted":
      return customerSubscriptionDeleted(event);
    case "invoice.paid":
      return invoicePaid(event);
    case "invoice.payment_failed":
      return invoicePaymentFailed(event);
    default:
      return undefined;
  }
}
