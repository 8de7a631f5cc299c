import { Prisma } from "@/lib/generated/prisma/client";
import type { SubscriptionStatus } from "@/lib/generated/prisma/enums";

/**
 * Whether billing lets an agent's campaigns start new cycles (DESIGN.md §8, issue 16), and why not.
 * Pure, with its SQL twin `billingAllowsSql` for the poller; billing-gate.test.ts and the poller's
 * test hold them to the same cases.
 *
 * Allowed: billing off (no Stripe key), managed agents, and self-serve agents whose subscription is
 * active or trialing, or past due for less than the grace period. Everyone may still sign in, see
 * and edit; only new cycles wait (a cycle already running finishes).
 */

export type BillingGateAgent = {
  managedClientId: string | null;
  subscriptionStatus: SubscriptionStatus;
  subscriptionPastDueSince: Date | null;
};

export type BillingGateCode =
  | "no-subscription"
  | "past-due"
  | "unpaid"
  | "canceled"
  | "incomplete"
  | "paused";

export type BillingGate =
  | { gated: false; pastDueGraceEndsAt: Date | null }
  | { gated: true; code: BillingGateCode; reason: string };

const DAY_MS = 86_400_000;

export function billingGate(
  agent: BillingGateAgent,
  billing: { pastDueGraceDays: number } | undefined,
  now: Date,
): BillingGate {
  if (!billing || agent.managedClientId !== null) return { gated: false, pastDueGraceEndsAt: null };
  switch (agent.subscriptionStatus) {
    case "ACTIVE":
    case "TRIALING":
      return { gated: false, pastDueGraceEndsAt: null };
    case "PAST_DUE": {
      const graceEndsAt = pastDueGraceEnd(agent.subscriptionPastDueSince, billing.pastDueGraceDays);
      if (graceEndsAt && now < graceEndsAt) return { gated: false, pastDueGraceEndsAt: graceEndsAt };
      return gated(
        "past-due",
        "Your last payment failed and the grace period is over, so no new emails are being prepared. Update your card in Manage billing; campaigns go on from their next send date once it is paid.",
      );
    }
    case "UNPAID":
      return gated(
        "unpaid",
        "Your subscription is unpaid, so no new emails are being prepared. Pay the open invoice in Manage billing; campaigns go on from their next send date.",
      );
    case "CANCELED":
      return gated(
        "canceled",
        "Your subscription has ended, so no new emails are being prepared. Choose a plan to start again; campaigns go on from their next send date.",
      );
    case "INCOMPLETE":
    case "INCOMPLETE_EXPIRED":
      return gated(
        "incomplete",
        "Your subscription's first payment did not go through, so no emails are being prepared. Choose a plan to try again.",
      );
    case "PAUSED":
      return gated(
        "paused",
        "Your subscription is paused, so no new emails are being prepared. Resume it in Manage billing.",
      );
    case "NONE":
      return gated(
        "no-subscription",
        "You have no subscription yet, so no emails are being prepared. Choose a plan to start sending.",
      );
  }
}

function gated(code: BillingGateCode, reason: string): BillingGate {
  return { gated: true, code, reason };
}

/** The end of the grace period of a subscription past due since `since`; null when unknown. */
export function pastDueGraceEnd(since: Date | null, graceDays: number): Date | null {
  return since ? new Date(since.getTime() + graceDays * DAY_MS) : null;
}

/**
 * The SQL condition (on the "User" row aliased `u`) of an agent billing lets start cycles at `now`;
 * TRUE when billing is off. The same rule as billingGate.
 */
export function billingAllowsSql(billing: { pastDueGraceDays: number } | undefined, now: Date): Prisma.Sql {
  if (!billing) return Prisma.sql`TRUE`;
  const pastDueSinceAfter = new Date(now.getTime() - billing.pastDueGraceDays * DAY_MS);
  return Prisma.sql`(u."managedClientId" IS NOT NULL
    OR u."subscriptionStatus" IN ('ACTIVE', 'TRIALING')
    OR (u."subscriptionStatus" = 'PAST_DUE'
        AND COALESCE(u."subscriptionPastDueSince" > ${pastDueSinceAfter}, FALSE)))`;
}
