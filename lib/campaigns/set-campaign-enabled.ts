import "server-only";
import { agentActor } from "@/lib/campaigns/actors";
import { getDb } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";

/**
 * Turns a campaign on or off. Disabling cancels any email of the campaign that has not been sent
 * (DESIGN.md §5); an email already claimed by a sender (SENDING) is left to finish. Idempotent.
 */
export async function setCampaignEnabled(
  userId: string,
  campaignId: string,
  enabled: boolean,
): Promise<void> {
  await getDb().$transaction(async (tx) => {
    const { count } = await tx.campaign.updateMany({
      where: { id: campaignId, userId, enabled: !enabled },
      data: { enabled },
    });
    if (count === 0) {
      const exists = await tx.campaign.count({ where: { id: campaignId, userId } });
      if (exists === 0) throw new NotFoundError("Campaign");
      return; // already in the requested state
    }
    const campaign = await tx.campaign.findUniqueOrThrow({
      where: { id: campaignId },
      select: { cycle: true },
    });
    let reason: string | null = null;
    if (!enabled) {
      const canceled = await tx.email.updateMany({
        where: { campaignId, status: "READY" },
        data: { status: "CANCELED", error: "Campaign disabled by the agent" },
      });
      if (canceled.count > 0) reason = `${canceled.count} unsent email canceled`;
    }
    await tx.campaignHistory.create({
      data: {
        campaignId,
        cycle: campaign.cycle,
        event: enabled ? "ENABLED" : "DISABLED",
        actor: agentActor(userId),
        reason,
      },
    });
  });
}
