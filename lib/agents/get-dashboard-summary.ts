import "server-only";
import { describeCampaignState } from "@/lib/campaigns/describe-campaign-state";
import { describeCampaigns, emailForStateSelect } from "@/lib/campaigns/describe-campaigns";
import { schedulingSettingsFor } from "@/lib/campaigns/scheduling-settings";
import { getDb, queryRows } from "@/lib/db";
import { getConfig } from "@/lib/env";
import { Prisma } from "@/lib/generated/prisma/client";

/** How many campaigns "Coming up" lists. */
export const COMING_UP_COUNT = 5;
/** How many emails of each kind "Needs you" lists. */
export const NEEDS_YOU_COUNT = 10;
/** Candidates read for "Coming up": their send times are computed, then sorted. */
const CANDIDATES = 50;

const stateColumns = {
  id: true,
  clientFirstName: true,
  clientLastName: true,
  status: true,
  enabled: true,
  unsubscribedAt: true,
  cycle: true,
  createdAt: true,
  nextSendDate: true,
  lastSentEmailDatetime: true,
} as const satisfies Prisma.CampaignSelect;

type CampaignCounts = { active: number; inProgress: number; disabled: number; unsubscribed: number };
const NO_CAMPAIGNS: CampaignCounts = { active: 0, inProgress: 0, disabled: 0, unsubscribed: 0 };

type Agent = { id: string; timeZone: string; sendingWindowEnabled: boolean };

/**
 * The figures and lists of an agent's dashboard at `now`, every query scoped to the agent.
 * Unsubscribed clients count only as unsubscribed: not active, not disabled, never coming up.
 * - needsApproval: emails of the current cycle waiting for the agent's approval, soonest first;
 * - failed: emails of the current cycle the provider refused, with the reason, newest first;
 * - comingUp: the next emails that go out without the agent doing anything, by when they go
 *   (describe-campaign-state.ts: the sending rules, the window included).
 */
export async function getDashboardSummary(
  agent: Agent,
  now: Date,
  pipeline: Parameters<typeof schedulingSettingsFor>[1] = getConfig().pipeline,
) {
  const db = getDb();
  const userId = agent.id;
  const subscribed = { userId, unsubscribedAt: null };
  const active = { ...subscribed, enabled: true };
  const [[counts], inCycle, dormant, pending, failedEmails, recentHistory] = await Promise.all([
    // The four figures in one statement: each query costs the page more than the counting does.
    queryRows<CampaignCounts>(
      db,
      Prisma.sql`SELECT
        count(*) FILTER (WHERE "unsubscribedAt" IS NULL AND enabled)::int AS active,
        count(*) FILTER (WHERE "unsubscribedAt" IS NULL AND enabled AND status <> 'DORMANT')::int AS "inProgress",
        count(*) FILTER (WHERE "unsubscribedAt" IS NULL AND NOT enabled)::int AS disabled,
        count(*) FILTER (WHERE "unsubscribedAt" IS NOT NULL)::int AS unsubscribed
      FROM "Campaign" WHERE "userId" = ${userId}`,
    ),
    db.campaign.findMany({
      where: { ...active, status: { not: "DORMANT" } },
      orderBy: { statusChangedAt: "asc" },
      take: CANDIDATES,
      select: stateColumns,
    }),
    db.campaign.findMany({
      where: { ...active, status: "DORMANT", nextSendDate: { not: null } },
      orderBy: { nextSendDate: "asc" },
      take: CANDIDATES,
      select: stateColumns,
    }),
    db.email.findMany({
      where: {
        userId,
        status: "READY",
        approvalStatus: "PENDING",
        campaign: { ...active, status: "READY_TO_CREATE_EMAIL" },
      },
      orderBy: { scheduledSendDatetime: "asc" },
      take: NEEDS_YOU_COUNT * 2,
      select: { id: true, subject: true, campaignId: true, ...emailForStateSelect },
    }),
    db.email.findMany({
      where: { userId, status: "FAILED", campaign: active },
      orderBy: { updatedAt: "desc" },
      take: NEEDS_YOU_COUNT * 2,
      select: {
        id: true,
        subject: true,
        toEmail: true,
        cycle: true,
        error: true,
        updatedAt: true,
        campaignId: true,
      },
    }),
    db.campaignHistory.findMany({
      where: { campaign: { userId } },
      orderBy: { at: "desc" },
      take: 8,
    }),
  ]);
  const { active: activeCount, inProgress, disabled, unsubscribed } = counts ?? NO_CAMPAIGNS;

  // The campaigns of the lists, read once: most are among the candidates already.
  const campaignOf = await campaignsById(
    db,
    userId,
    [...inCycle, ...dormant],
    [...pending, ...failedEmails, ...recentHistory].map((row) => row.campaignId),
  );
  const withCampaign = <T extends { campaignId: string }>(rows: T[]) =>
    rows.flatMap((row) => {
      const campaign = campaignOf.get(row.campaignId);
      return campaign ? [{ ...row, campaign }] : [];
    });

  const candidates = await describeCampaigns(agent, [...inCycle, ...dormant], now, pipeline);
  const comingUp = candidates
    .flatMap((c) =>
      c.state.nextEmailAt && c.state.kind !== "awaiting-approval" ? [{ ...c, at: c.state.nextEmailAt }] : [],
    )
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .slice(0, COMING_UP_COUNT);

  // Only the email of the cycle under way: an older one was replaced or is history.
  const settings = schedulingSettingsFor(agent, pipeline);
  const needsApproval = withCampaign(pending)
    .filter((e) => e.cycle === e.campaign.cycle)
    .slice(0, NEEDS_YOU_COUNT)
    .map(({ campaign, campaignId: _, ...email }) => ({
      emailId: email.id,
      subject: email.subject,
      campaign,
      state: describeCampaignState(campaign, email, settings, now),
    }));
  const failed = withCampaign(failedEmails)
    .filter((e) => e.cycle === e.campaign.cycle)
    .slice(0, NEEDS_YOU_COUNT)
    .map(({ campaign, id, campaignId: _, ...email }) => ({ emailId: id, ...email, campaign }));
  const recent = withCampaign(recentHistory);

  return {
    active: activeCount,
    inProgress,
    disabled,
    unsubscribed,
    needsApproval,
    failed,
    comingUp,
    recent,
  };
}

type StateCampaign = Prisma.CampaignGetPayload<{ select: typeof stateColumns }>;

/** `known` campaigns by id, and those of `wanted` not among them read in one query (the agent's only). */
async function campaignsById(
  db: ReturnType<typeof getDb>,
  userId: string,
  known: StateCampaign[],
  wanted: string[],
): Promise<Map<string, StateCampaign>> {
  const byId = new Map(known.map((c) => [c.id, c]));
  const missing = [...new Set(wanted)].filter((id) => !byId.has(id));
  if (missing.length > 0) {
    const rows = await db.campaign.findMany({ where: { userId, id: { in: missing } }, select: stateColumns });
    for (const row of rows) byId.set(row.id, row);
  }
  return byId;
}
