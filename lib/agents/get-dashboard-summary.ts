import "server-only";
import { describeCampaignState } from "@/lib/campaigns/describe-campaign-state";
import { describeCampaigns, emailForStateSelect } from "@/lib/campaigns/describe-campaigns";
import { schedulingSettingsFor } from "@/lib/campaigns/scheduling-settings";
import { getDb } from "@/lib/db";
import { getConfig } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";

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
  const [counts, inCycle, dormant, pending, failedEmails, recent] = await Promise.all([
    Promise.all([
      db.campaign.count({ where: active }),
      db.campaign.count({ where: { ...active, status: { not: "DORMANT" } } }),
      db.campaign.count({ where: { ...subscribed, enabled: false } }),
      db.campaign.count({ where: { userId, unsubscribedAt: { not: null } } }),
    ]),
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
      select: { id: true, subject: true, ...emailForStateSelect, campaign: { select: stateColumns } },
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
        campaign: { select: stateColumns },
      },
    }),
    db.campaignHistory.findMany({
      where: { campaign: { userId } },
      orderBy: { at: "desc" },
      take: 8,
      include: { campaign: { select: { id: true, clientFirstName: true, clientLastName: true } } },
    }),
  ]);
  const [activeCount, inProgress, disabled, unsubscribed] = counts;

  const candidates = await describeCampaigns(agent, [...inCycle, ...dormant], now, pipeline);
  const comingUp = candidates
    .flatMap((c) =>
      c.state.nextEmailAt && c.state.kind !== "awaiting-approval" ? [{ ...c, at: c.state.nextEmailAt }] : [],
    )
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .slice(0, COMING_UP_COUNT);

  // Only the email of the cycle under way: an older one was replaced or is history.
  const settings = schedulingSettingsFor(agent, pipeline);
  const needsApproval = pending
    .filter((e) => e.cycle === e.campaign.cycle)
    .slice(0, NEEDS_YOU_COUNT)
    .map(({ campaign, ...email }) => ({
      emailId: email.id,
      subject: email.subject,
      campaign,
      state: describeCampaignState(campaign, email, settings, now),
    }));
  const failed = failedEmails
    .filter((e) => e.cycle === e.campaign.cycle)
    .slice(0, NEEDS_YOU_COUNT)
    .map(({ campaign, id, ...email }) => ({ emailId: id, ...email, campaign }));

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
