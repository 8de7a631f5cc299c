import "server-only";
import { type BillingGate, billingGate, pastDueGraceEnd } from "@/lib/billing/billing-gate";
import {
  campaignLimitOf,
  countActiveCampaigns,
  type PlanUsage,
  planUsage,
} from "@/lib/billing/campaign-limit";
import { BILLING_INTERVALS, type BillingInterval, PLANS, type Plan, planOfPrice } from "@/lib/billing/plans";
import { isLiveSubscription } from "@/lib/billing/subscription-statuses";
import { getDb } from "@/lib/db";
import { type BillingConfig, getConfig } from "@/lib/env";
import { NotFoundError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { SubscriptionStatus } from "@/lib/generated/prisma/enums";

/**
 * Everything a page shows about an agent's billing at `now` (Settings → Billing, and the "why is
 * nothing sending" notices of the dashboard and campaign pages).
 */
export type BillingState = PlanUsage & {
  /** off: no Stripe key (local mode); managed: a B2B agent, never billed; self-serve: billed. */
  mode: "off" | "managed" | "self-serve";
  /** Whether new cycles start, and if not, why (`reason` is a sentence for the page). */
  gate: BillingGate;
  /** The stored copy of the Stripe subscription; null when the agent never had one. */
  subscription: {
    status: SubscriptionStatus;
    /** null when its price is none of the configured plans' prices. */
    plan: Plan | null;
    interval: BillingInterval | null;
    /** The next renewal (a live subscription not being cancelled). */
    renewsAt: Date | null;
    /** When a cancelled subscription ends, or ended. */
    endsAt: Date | null;
    trialEndsAt: Date | null;
    /** While past due within the grace period: when campaigns stop starting cycles. */
    pastDueGraceEndsAt: Date | null;
    /** Still exists in Stripe (active, trialing, past due, unpaid or paused). */
    live: boolean;
  } | null;
  /** Checkout is open to this agent: self-serve and no live subscription. */
  canChoosePlan: boolean;
  /** Days of free trial Checkout gives this agent (a first subscription only); 0: none. */
  checkoutTrialDays: number;
  /** The Customer Portal is open to this agent: self-serve with a Stripe customer. */
  canManageBilling: boolean;
  /** The plans on sale and the intervals with a configured price (empty when billing is off). */
  planOptions: { plan: Plan; intervals: BillingInterval[] }[];
};

export async function getBillingState(
  userId: string,
  now: Date,
  deps: { db: PrismaClient; billing: BillingConfig | undefined } = {
    db: getDb(),
    billing: getConfig().billing,
  },
): Promise<BillingState> {
  const agent = await deps.db.user.findFirst({
    where: { id: userId, deletedAt: null },
    select: {
      managedClientId: true,
      campaignLimit: true,
      stripeCustomerId: true,
      stripeSubscriptionId: true,
      subscriptionStatus: true,
      subscriptionPlan: true,
      subscriptionPriceId: true,
      subscriptionCurrentPeriodEnd: true,
      subscriptionCancelAt: true,
      subscriptionTrialEnd: true,
      subscriptionPastDueSince: true,
    },
  });
  if (!agent) throw new NotFoundError("Agent");
  const { billing } = deps;
  const activeCampaigns = await countActiveCampaigns(deps.db, userId);
  const campaignLimit = campaignLimitOf(agent, billing !== undefined);
  const mode = !billing ? "off" : agent.managedClientId !== null ? "managed" : "self-serve";
  const selfServe = mode === "self-serve";
  const live = isLiveSubscription(agent.subscriptionStatus);
  const cancelling = agent.subscriptionCancelAt !== null;
  const graceEnd =
    billing && agent.subscriptionStatus === "PAST_DUE"
      ? pastDueGraceEnd(agent.subscriptionPastDueSince, billing.pastDueGraceDays)
      : null;
  return {
    mode,
    gate: billingGate(agent, billing, now),
    ...planUsage(campaignLimit, activeCampaigns),
    subscription:
      selfServe && agent.stripeSubscriptionId !== null
        ? {
            status: agent.subscriptionStatus,
            plan: PLANS.find((plan) => plan.key === agent.subscriptionPlan) ?? null,
            interval: billing
              ? (planOfPrice(billing.prices, agent.subscriptionPriceId)?.interval ?? null)
              : null,
            renewsAt: live && !cancelling ? agent.subscriptionCurrentPeriodEnd : null,
            endsAt: agent.subscriptionCancelAt,
            trialEndsAt: agent.subscriptionStatus === "TRIALING" ? agent.subscriptionTrialEnd : null,
            pastDueGraceEndsAt: graceEnd,
            live,
          }
        : null,
    canChoosePlan: selfServe && !live,
    checkoutTrialDays:
      billing && selfServe && agent.stripeSubscriptionId === null && agent.subscriptionStatus === "NONE"
        ? billing.trialDays
        : 0,
    canManageBilling: selfServe && agent.stripeCustomerId !== null,
    planOptions: billing
      ? PLANS.map((plan) => ({
          plan,
          intervals: BILLING_INTERVALS.filter((interval) => billing.prices[plan.key][interval] !== undefined),
        }))
      : [],
  };
}
