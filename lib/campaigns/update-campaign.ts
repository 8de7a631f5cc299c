import "server-only";
import { agentActor } from "@/lib/campaigns/actors";
import { type CampaignInput, campaignColumns } from "@/lib/campaigns/campaign-input";
import { getDb } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";

/** Edits a campaign's client, property and schedule details. Only the owner can. */
export async function updateCampaign(
  userId: string,
  campaignId: string,
  input: CampaignInput,
): Promise<void> {
  const columns = campaignColumns(input);
  await getDb().$transaction(async (tx) => {
    const before = await tx.campaign.findFirst({
      where: { id: campaignId, userId },
      select: { cycle: true, fixedSendDay: true },
    });
    if (!before) throw new NotFoundError("Campaign");
    const { count } = await tx.campaign.updateMany({ where: { id: campaignId, userId }, data: columns });
    if (count === 0) throw new NotFoundError("Campaign");
    await tx.campaignHistory.create({
      data: {
        campaignId,
        cycle: before.cycle,
        event: "UPDATED",
        actor: agentActor(userId),
        reason:
          before.fixedSendDay === columns.fixedSendDay
            ? null
            : `send day changed from ${before.fixedSendDay} to ${columns.fixedSendDay}`,
      },
    });
  });
}
