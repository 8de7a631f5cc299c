import { z } from "zod";
import type { BillingDeps } from "@/lib/billing/billing-deps";
import { checkoutReturnUrls } from "@/lib/billing/billing-urls";
import { ensureStripeCustomer } from "@/lib/billing/ensure-stripe-customer";
import { BILLING_INTERVALS, PLAN_KEYS, planByKey, priceOf } from "@/lib/billing/plans";
import { isLiveSubscription } from "@/lib/billing/subscription-statuses";
import { ConflictError, NotFoundError } from "@/lib/errors";

export const startCheckoutInput = z.object({
  plan: z.enum(PLAN_KEYS),
  interval: z.enum(BILLING_INTERVALS).default("monthly"),
});
export type StartCheckoutInput = z.infer<typeof startCheckoutInput>;

/**
 * A Stripe Checkout session (subscription mode) for a self-serve agent choosing a plan; the caller
 * redirects the browser to its `url`. The customer is created once and reused
 * (ensure-stripe-customer.ts); `client_reference_id` and the metadata carry the agent's User id. A
 * first subscription gets the configured free trial. Refused (ConflictError) for managed agents, an
 * agent whose subscription is still live (they change plan in the Customer Portal), and an interval
 * with no price configured.
 */
export async function startCheckout(
  deps: BillingDeps,
  userId: string,
  input: StartCheckoutInput,
): Promise<{ url: string; sessionId: string }> {
  const agent = await deps.db.user.findFirst({
    where: { id: userId, deletedAt: null },
    select: {
      id: true,
      email: true,
      firstName: true,
      lastName: true,
      managedClientId: true,
      stripeCustomerId: true,
      stripeSubscriptionId: true,
      subscriptionStatus: true,
    },
  });
  if (!agent) throw new NotFoundError("Agent");
  if (agent.managedClientId !== null) {
    throw new ConflictError("Your account is managed by your organisation; it has no subscription to buy.");
  }
  if (isLiveSubscription(agent.subscriptionStatus)) {
    throw new ConflictError("You already have a subscription. Change or cancel it in Manage billing.");
  }
  const plan = planByKey(input.plan);
  const price = plan ? priceOf(deps.billing.prices, plan.key, input.interval) : undefined;
  if (!plan || !price) throw new ConflictError(`The ${input.plan} plan is not sold ${input.interval}.`);

  const customer = await ensureStripeCustomer(deps, agent);
  const firstSubscription = agent.stripeSubscriptionId === null && agent.subscriptionStatus === "NONE";
  const trialDays = firstSubscription && deps.billing.trialDays > 0 ? deps.billing.trialDays : undefined;
  const { successUrl, cancelUrl } = checkoutReturnUrls(deps.appUrl);
  const session = await deps.stripe.checkout.sessions.create({
    mode: "subscription",
    customer,
    client_reference_id: agent.id,
    line_items: [{ price, quantity: 1 }],
    success_url: successUrl,
    cancel_url: cancelUrl,
    metadata: { userId: agent.id, plan: plan.key },
    subscription_data: {
      metadata: { userId: agent.id },
      ...(trialDays ? { trial_period_days: trialDays } : {}),
    },
  });
  if (!session.url) throw new Error(`Stripe returned Checkout session ${session.id} without a URL`);
  deps.log.info(
    { userId: agent.id, plan: plan.key, interval: input.interval, sessionId: session.id },
    "Checkout started",
  );
  return { url: session.url, sessionId: session.id };
}
