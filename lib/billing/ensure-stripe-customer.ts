import { createHash } from "node:crypto";
import type { BillingDeps } from "@/lib/billing/billing-deps";
import { NotFoundError } from "@/lib/errors";

export type CustomerAgent = {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  stripeCustomerId: string | null;
};

/**
 * The agent's Stripe customer, created once and reused. Safe under concurrent calls (two Checkout
 * clicks): the create carries an idempotency key made of the agent and what is sent, so Stripe
 * answers every copy within 24 h with the same customer, and the id is stored only where none is
 * yet (a conditional update); a call that loses that race uses the stored one. No transaction is
 * held across the network call.
 */
export async function ensureStripeCustomer(deps: BillingDeps, agent: CustomerAgent): Promise<string> {
  if (agent.stripeCustomerId) return agent.stripeCustomerId;
  const params = {
    email: agent.email,
    name: `${agent.firstName} ${agent.lastName}`.trim(),
    metadata: { userId: agent.id },
  };
  const digest = createHash("sha256").update(JSON.stringify(params)).digest("hex").slice(0, 16);
  const customer = await deps.stripe.customers.create(params, {
    idempotencyKey: `dripr-customer-${agent.id}-${digest}`,
  });
  const { count } = await deps.db.user.updateMany({
    where: { id: agent.id, stripeCustomerId: null },
    data: { stripeCustomerId: customer.id },
  });
  if (count === 1) return customer.id;
  const stored = await deps.db.user.findUnique({
    where: { id: agent.id },
    select: { stripeCustomerId: true },
  });
  if (!stored?.stripeCustomerId) throw new NotFoundError("Agent");
  if (stored.stripeCustomerId !== customer.id) {
    deps.log.warn(
      { userId: agent.id, kept: stored.stripeCustomerId, unused: customer.id },
      "two Stripe customers were created for one agent; keeping the stored one",
    );
  }
  return stored.stripeCustomerId;
}
