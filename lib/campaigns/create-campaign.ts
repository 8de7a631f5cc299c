import "server-only";
import { hasPostalAddress, POSTAL_ADDRESS_REQUIRED } from "@/lib/agents/postal-address";
import { assertRoomForCampaigns, lockAgentForCampaigns } from "@/lib/billing/campaign-limit";
import { agentActor } from "@/lib/campaigns/actors";
import { type CampaignInput, campaignColumns } from "@/lib/campaigns/campaign-input";
import { getDb } from "@/lib/db";
import { getConfig } from "@/lib/env";
import { ConflictError } from "@/lib/errors";
import type { Campaign } from "@/lib/generated/prisma/client";

/**
 * Creates a campaign for an agent. The first cycle starts at creation (`nextSendDate = createdAt`,
 * DESIGN.md §5); the first-time delay is applied when the email is scheduled. Refused over the plan's
 * limit of active campaigns (PlanLimitError, lib/billing/campaign-limit.ts).
 */
export async function createCampaign(
  userId: string,
  input: CampaignInput,
  now = new Date(),
  billingOn = getConfig().billing !== undefined,
): Promise<Campaign> {
  const columns = campaignColumns(input);
  return getDb().$transaction(async (tx) => {
    // Serialise this agent's creates and enables so the plan limit and the duplicate check hold
    // under races.
    const agent = await lockAgentForCampaigns(tx, userId);
    // A new campaign sends at once; without the sender's postal address it may not (CAN-SPAM).
    if (!hasPostalAddress(agent)) throw new ConflictError(POSTAL_ADDRESS_REQUIRED);

    const duplicate = await tx.campaign.findFirst({
      where: {
        userId,
        clientEmail: columns.clientEmail,
        zipCode: columns.zipCode,
        propertyAddressLine1: { equals: columns.propertyAddressLine1, mode: "insensitive" },
      },
      select: { id: true },
    });
    if (duplicate) {
      throw new ConflictError(
        `You already have a campaign for ${columns.clientEmail} at ${columns.propertyAddressLine1}`,
      );
    }
    await assertRoomForCampaigns(tx, userId, agent, 1, billingOn);

    const campaign = await tx.campaign.create({
      data: { ...columns, userId, nextSendDate: now, statusChangedAt: now, createdAt: now },
    });
    await tx.campaignHistory.create({
      data: {
        campaignId: campaign.id,
        cycle: campaign.cycle,
        toStatus: campaign.status,
        event: "CREATED",
        actor: agentActor(userId),
        at: now,
      },
    });
    return campaign;
  });
}
