import type Stripe from "stripe";
import { type EventTarget, stripeId } from "./event-target";

/**
 * invoice.payment_failed: a subscription invoice's payment failed (the subscription goes past due;
 * its grace period counts from the invoice). Invoices of no subscription concern nothing Dripr keeps.
 */
export function invoicePaymentFailed(event: Stripe.InvoicePaymentFailedEvent): EventTarget {
  const invoice = event.data.object;
  const customerId = stripeId(invoice.customer);
  if (!customerId || !invoice.parent?.subscription_details?.subscription) return null;
  return { customerId };
}
