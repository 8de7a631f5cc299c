import { createBillingDeps } from "@/lib/billing/billing-deps";
import { handleStripeWebhook } from "@/lib/billing/webhooks/handle-stripe-webhook";
import { getDb } from "@/lib/db";
import { getConfig } from "@/lib/env";
import { logger } from "@/lib/logger";

// Stripe's billing webhooks (checkout.session.completed, customer.subscription.*, invoice.paid,
// invoice.payment_failed); verified and applied in lib/billing.
export async function POST(request: Request) {
  const log = logger.child({ route: "stripe-webhook" });
  return handleStripeWebhook(request, createBillingDeps(getConfig(), getDb(), log), log);
}
