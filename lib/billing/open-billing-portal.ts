import type { BillingDeps } from "@/lib/billing/billing-deps";
import { portalReturnUrl } from "@/lib/billing/billing-urls";
import { ConflictError, NotFoundError } from "@/lib/errors";

/**
 * A Stripe Customer Portal session (card, invoices, plan change, cancel) for the agent; the caller
 * redirects the browser to its `url`. Refused (ConflictError) before the agent has a Stripe customer
 * (they choose a plan first) and for managed agents.
 */
export async function openBillingPortal(deps: BillingDeps, userId: string): Promise<{ url: string }> {
  const agent = await deps.db.user.findFirst({
    where: { id: userId, deletedAt: null },
    select: { managedClientId: true, stripeCustomerId: true },
  });
  if (!agent) throw new NotFoundError("Agent");
  if (agent.managedClientId !== null) {
    throw new ConflictError("Your account is managed by your organisation; it has no billing to manage.");
  }
  if (!agent.stripeCustomerId) throw new ConflictError("Choose a plan first.");
  const session = await deps.stripe.billingPortal.sessions.create({
    customer: agent.stripeCustomerId,
    return_url: portalReturnUrl(deps.appUrl),
  });
  return { url: session.url };
}
