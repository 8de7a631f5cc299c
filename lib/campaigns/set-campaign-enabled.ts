import "server-only";
import { hasPostalAddress, POSTAL_ADDRESS_REQUIRED } from "@/lib/agents/postal-address";
import { agentActor } from "@/lib/campaigns/actors";
import { schedulingSettingsFor } from "@/lib/campaigns/scheduling-settings";
import { getDb } from "@/lib/db";
import { getConfig } from "@/lib/env";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { nextSendDateOnReEnable } from "@/lib/scheduling/re-enable";

/**
 * Turns a campaign on or off (DESIGN.md §5). Disabling cancels any email of the campaign that has
 * not been sent and clears the next send date (a disabled campaign is never due; the poller returns
 * one caught mid-cycle to DORMANT). An email already claimed by a sender (SENDING) is left to the
 * sender, which re-checks. Re-enabling computes the next send date from now, and is refused while
 * the agent has no postal address (CAN-SPAM). Idempotent.
 */
export async function setCampaignEnabled(
  userId: string,
  campaignId: string,
  enabled: boolean,
  now = new Date(),
): Promise<void> {
  const pipeline = getConfig().pipeline;
  await getDb().$transaction(async (tx) => {
    const campaign = await tx.campaign.findFirst({
      where: { id: campaignId, userId },
      select: {
        enabled: true,
        cycle: true,
        fixedSendDay: true,
        lastSentEmailDatetime: true,
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
    if (!campaign) throw new NotFoundError("Campaign");
    if (enabled && !hasPostalAddress(campaign.user)) throw new ConflictError(POSTAL_ADDRESS_REQUIRED);
    const nextSendDate = enabled
      ? nextSendDateOnReEnable(
          { lastSentAt: campaign.lastSentEmailDatetime, now, fixedSendDay: campaign.fixedSendDay },
          schedulingSettingsFor(campaign.user, pipeline),
        )
      : null;
    const { count } = await tx.campaign.updateMany({
      where: { id: campaignId, userId, enabled: !enabled },
      data: { enabled, nextSendDate },
    });
    if (count === 0) return; // already in the requested state

    let reason: string | null = null;
    if (!enabled) {
      const canceled = await tx.email.updateMany({
        where: { campaignId, status: "READY" },
        data: { status: "CANCELED", error: "Campaign disabled by the agent" },
      });
      if (canceled.count > 0) reason = `${canceled.count} unsent email canceled`;
    } else if (nextSendDate) {
      reason = `next cycle ${formatDateTime(nextSendDate, campaign.user.timeZone)}`;
    }
    await tx.campaignHistory.create({
      data: {
        campaignId,
        cycle: campaign.cycle,
        event: enabled ? "ENABLED" : "DISABLED",
        actor: agentActor(userId),
        reason,
        at: now,
      },
    });
  });
}
