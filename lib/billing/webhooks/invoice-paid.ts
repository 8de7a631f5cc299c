import type Stripe from "stripe";
import { type EventTarget, stripeId } from "./event-target";

/**
 * invoice.paid: a subscription invoice was paid (a past-due subscription becomes active again).
 * Invoices of no subscription (one-off invoices) concern nothing Dripr keeps.
 */
export function invoicePaid(event: Stripe.InvoicePaidEvent): EventTarget {
  const invoice = event.data.object;
  const customerId = stripeId(invoice.customer);
  if (!customerId || !invoice.parent?.subscription_details?.subscription) return null;
  return { customerId };
}
