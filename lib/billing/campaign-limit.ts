import { planByKey, STARTER_PLAN } from "@/lib/billing/plans";
import { getDb, queryRows, type SqlClient } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * The plan's cap on enabled ("active") campaigns (issue 16). It holds on create, on enable and for
 * anything that adds campaigns in bulk: each of those locks the agent's row (lockAgentForCampaigns)
 * in its transaction, so concurrent requests of one agent take turns and the count they read is
 * final. A downgrade below the current count keeps every enabled campaign running; only enabling
 * more is refused until the agent is under the new limit.
 */

export type CampaignLimitAgent = {
  managedClientId: string | null;
  subscriptionPlan: string | null;
  campaignLimit: number | null;
};

/** A create or enable refused because the plan's limit is reached (a ConflictError for the edges). */
export class PlanLimitError extends ConflictError {
  constructor(
    readonly limit: number,
    readonly active: number,
  ) {
    super(
      active > limit
        ? `Your plan allows ${limit} active campaigns and ${active} are active. Disable ${active - limit + 1} or upgrade your plan to enable more.`
        : `Your plan allows ${limit} active campaigns. Disable one or upgrade your plan to add more.`,
    );
    this.name = "PlanLimitError";
  }
}

/**
 * How many campaigns the agent may have enabled; null = no cap. An operator's `campaignLimit` wins;
 * otherwise billing off or a managed agent has none, a subscriber has their plan's, and an agent
 * without a known plan (no subscription yet) may prepare as many as the starter plan allows.
 */
export function campaignLimitOf(agent: CampaignLimitAgent, billingOn: boolean): number | null {
  if (agent.campaignLimit !== null) return agent.campaignLimit;
  if (!billingOn || agent.managedClientId !== null) return null;
  return (planByKey(agent.subscriptionPlan) ?? STARTER_PLAN).campaignLimit;
}

export type LockedAgent = CampaignLimitAgent & {
  addressLine1: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
};

/**
 * Locks the (not deleted) agent's row FOR UPDATE until the transaction ends, and returns what the
 * campaign rules need. Every change that adds enabled campaigns takes this lock first.
 */
export async function lockAgentForCampaigns(tx: SqlClient, userId: string): Promise<LockedAgent> {
  const [agent] = await queryRows<LockedAgent>(
    tx,
    Prisma.sql`
      SELECT "managedClientId", "subscriptionPlan", "campaignLimit",
             "addressLine1", city, state, "postalCode"
      FROM "User" WHERE id = ${userId}::uuid AND "deletedAt" IS NULL FOR UPDATE`,
  );
  if (!agent) throw new NotFoundError("Agent");
  return agent;
}

/** An agent's use of their plan's limit, as the pages show it. */
export type PlanUsage = {
  /** Enabled campaigns whose homeowner has not unsubscribed. */
  activeCampaigns: number;
  /** null: no cap. */
  campaignLimit: number | null;
  /** activeCampaigns ≥ limit: creating and enabling are refused. */
  atLimit: boolean;
  /** activeCampaigns > limit (after a downgrade): what runs keeps running, nothing more is enabled. */
  overLimit: boolean;
};

export function planUsage(campaignLimit: number | null, activeCampaigns: number): PlanUsage {
  return {
    activeCampaigns,
    campaignLimit,
    atLimit: campaignLimit !== null && activeCampaigns >= campaignLimit,
    overLimit: campaignLimit !== null && activeCampaigns > campaignLimit,
  };
}

/** The agent's usage of their limit now; no query when there is no limit. */
export async function getPlanUsage(
  agent: CampaignLimitAgent & { id: string },
  billingOn: boolean,
  db: SqlClient = getDb(),
): Promise<PlanUsage> {
  const limit = campaignLimitOf(agent, billingOn);
  return planUsage(limit, limit === null ? 0 : await countActiveCampaigns(db, agent.id));
}

/**
 * Refuses (PlanLimitError) when enabling `adding` more campaigns would pass the agent's limit. Call
 * after lockAgentForCampaigns in the same transaction.
 */
export async function assertRoomForCampaigns(
  tx: SqlClient,
  userId: string,
  agent: CampaignLimitAgent,
  adding: number,
  billingOn: boolean,
): Promise<void> {
  const limit = campaignLimitOf(agent, billingOn);
  if (limit === null) return;
  const active = await countActiveCampaigns(tx, userId);
  if (active + adding > limit) throw new PlanLimitError(limit, active);
}

/** Enabled campaigns whose homeowner has not unsubscribed: the ones the dashboard calls active. */
export async function countActiveCampaigns(tx: SqlClient, userId: string): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    tx,
    Prisma.sql`SELECT count(*)::int AS count FROM "Campaign"
      WHERE "userId" = ${userId}::uuid AND enabled AND "unsubscribedAt" IS NULL`,
  );
  return row?.count ?? 0;
}
