import "server-only";
import { hasPostalAddress, POSTAL_ADDRESS_REQUIRED } from "@/lib/agents/postal-address";
import { assertRoomForCampaigns, lockAgentForCampaigns } from "@/lib/billing/campaign-limit";
import { agentActor } from "@/lib/campaigns/actors";
import { WORKING_STATUSES } from "@/lib/campaigns/campaign-transitions";
import { CANCELED_BY_DISABLING } from "@/lib/campaigns/prepared-email-on-re-enable";
import { restorePreparedEmail } from "@/lib/campaigns/restore-prepared-email";
import { schedulingSettingsFor } from "@/lib/campaigns/scheduling-settings";
import { transitionCampaign } from "@/lib/campaigns/transition-campaign";
import { getDb } from "@/lib/db";
import { getConfig } from "@/lib/env";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { CampaignStatus } from "@/lib/generated/prisma/enums";
import { nextSendDateOnReEnable } from "@/lib/scheduling/re-enable";

type Campaign = NonNullable<Awaited<ReturnType<typeof loadCampaign>>>;

/**
 * Turns a campaign on or off (DESIGN.md §5). Idempotent.
 *
 * Disabling cancels every email of the campaign not yet sent, clears the next send date (a disabled
 * campaign is never due) and stops a cycle in progress at once. An email already claimed by a sender
 * (SENDING) is left to the sender, which re-checks.
 *
 * Enabling is refused while the agent has no postal address (CAN-SPAM) and over the plan's limit of
 * active campaigns (PlanLimitError, lib/billing/campaign-limit.ts). Within the same cycle it
 * brings back the email that disabling canceled, with its approval state, when nothing that went into
 * it changed and its send time is still ahead (restore-prepared-email.ts); otherwise the next send
 * date is computed from now and the next cycle prepares a new email.
 */
export async function setCampaignEnabled(
  userId: string,
  campaignId: string,
  enabled: boolean,
  now = new Date(),
  billingOn = getConfig().billing !== undefined,
): Promise<void> {
  await getDb().$transaction(async (tx) => {
    // Enabling takes the agent's lock first (as creating does), so concurrent enables and creates
    // take turns and cannot pass the plan's limit together.
    const agent = enabled ? await lockAgentForCampaigns(tx, userId) : undefined;
    const campaign = await loadCampaign(tx, userId, campaignId);
    if (!campaign) throw new NotFoundError("Campaign");
    if (campaign.enabled === enabled) return;
    if (agent) {
      if (!hasPostalAddress(campaign.user)) throw new ConflictError(POSTAL_ADDRESS_REQUIRED);
      await assertRoomForCampaigns(tx, userId, agent, 1, billingOn);
      await enable(tx, campaign, now);
    } else await disable(tx, campaign, now);
  });
}

function loadCampaign(tx: Prisma.TransactionClient, userId: string, campaignId: string) {
  return tx.campaign.findFirst({
    where: { id: campaignId, userId },
    select: {
      id: true,
      userId: true,
      enabled: true,
      status: true,
      cycle: true,
      fixedSendDay: true,
      lastSentEmailDatetime: true,
      unsubscribedAt: true,
      user: {
        select: {
          timeZone: true,
          sendingWindowEnabled: true,
          addressLine1: true,
          city: true,
          state: true,
          postalCode: true,
        },
      },
    },
  });
}

async function disable(tx: Prisma.TransactionClient, campaign: Campaign, now: Date): Promise<void> {
  const { count } = await tx.campaign.updateMany({
    where: { id: campaign.id, userId: campaign.userId, enabled: true },
    data: { enabled: false, nextSendDate: null },
  });
  if (count === 0) return; // disabled meanwhile
  const canceled = await tx.email.updateMany({
    where: { campaignId: campaign.id, status: "READY" },
    data: { status: "CANCELED", error: CANCELED_BY_DISABLING },
  });
  await recordHistory(tx, campaign, now, {
    event: "DISABLED",
    reason: canceled.count > 0 ? `${canceled.count} unsent email canceled` : null,
  });
  await stopCycle(tx, campaign, now, "campaign disabled");
}

async function enable(tx: Prisma.TransactionClient, campaign: Campaign, now: Date): Promise<void> {
  const restored = await restorePreparedEmail(tx, campaign, now);
  if (restored) return;

  // Disabled by another path (a bounce) in the middle of a cycle the poller has not stopped yet: stop
  // it now, or the campaign would wait for an email that was canceled.
  await stopCycle(tx, campaign, now, "the email of this cycle was canceled while the campaign was disabled");
  const nextSendDate = nextSendDateOnReEnable(
    { lastSentAt: await lastSendOf(tx, campaign, now), now, fixedSendDay: campaign.fixedSendDay },
    schedulingSettingsFor(campaign.user, getConfig().pipeline),
  );
  const { count } = await tx.campaign.updateMany({
    where: { id: campaign.id, userId: campaign.userId, enabled: false },
    data: { enabled: true, nextSendDate },
  });
  if (count === 0) return; // enabled meanwhile
  await recordHistory(tx, campaign, now, {
    event: "ENABLED",
    reason: `next cycle ${formatDateTime(nextSendDate, campaign.user.timeZone)}`,
  });
}

/**
 * When the last email went out, counting one the sender finished after the campaign was stopped
 * mid-send (its cycle was abandoned, so `lastSentEmailDatetime` does not show it), and one a sender
 * still holds (it may be going out now): the next email keeps its distance from either.
 */
async function lastSendOf(tx: Prisma.TransactionClient, campaign: Campaign, now: Date): Promise<Date | null> {
  const latest = await tx.email.findFirst({
    where: { campaignId: campaign.id, status: { in: ["COMPLETE", "SENDING"] } },
    orderBy: { cycle: "desc" },
    select: { status: true, sentAt: true },
  });
  const sent = latest?.status === "SENDING" ? now : (latest?.sentAt ?? null);
  const recorded = campaign.lastSentEmailDatetime;
  if (!sent) return recorded;
  return recorded && recorded > sent ? recorded : sent;
}

/** A cycle in progress returns to DORMANT (the poller does the same for other ways of stopping). */
async function stopCycle(tx: Prisma.TransactionClient, campaign: Campaign, now: Date, reason: string) {
  const working = WORKING_STATUSES.find((status: CampaignStatus) => status === campaign.status);
  if (!working) return;
  await transitionCampaign(tx, {
    campaignId: campaign.id,
    userId: campaign.userId,
    from: working,
    to: "DORMANT",
    cycle: campaign.cycle,
    actor: agentActor(campaign.userId),
    now,
    event: "CYCLE_ABANDONED",
    reason,
  });
}

function recordHistory(
  tx: Prisma.TransactionClient,
  campaign: Campaign,
  now: Date,
  entry: { event: string; reason: string | null },
) {
  return tx.campaignHistory.create({
    data: {
      campaignId: campaign.id,
      cycle: campaign.cycle,
      actor: agentActor(campaign.userId),
      at: now,
      ...entry,
    },
  });
}
