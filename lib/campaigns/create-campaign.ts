import "server-only";
import { hasPostalAddress, POSTAL_ADDRESS_REQUIRED } from "@/lib/agents/postal-address";
import { agentActor } from "@/lib/campaigns/actors";
import { type CampaignInput, campaignColumns } from "@/lib/campaigns/campaign-input";
import { getDb } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";
import type { Campaign } from "@/lib/generated/prisma/client";

/**
 * Creates a campaign for an agent. The first cycle starts at creation (`nextSendDate = createdAt`,
 * DESIGN.md §5); the first-time delay is applied when the email is scheduled.
 */
export async function createCampaign(
  userId: string,
  input: CampaignInput,
  now = new Date(),
): Promise<Campaign> {
  const columns = campaignColumns(input);
  return getDb().$transaction(async (tx) => {
    // Serialise this agent's creates so the plan limit and the duplicate check hold under races.
    const locked = await tx.$queryRaw<
      {
        campaignLimit: number | null;
        addressLine1: string | null;
        city: string | null;
        state: string | null;
        postalCode: string | null;
      }[]
    >`
      SELECT "campaignLimit", "addressLine1", city, state, "postalCode" FROM "User"
      WHERE id = ${userId}::uuid AND "deletedAt" IS NULL FOR UPDATE`;
    const agent = locked[0];
    if (!agent) throw new NotFoundError("Agent");
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
    if (agent.campaignLimit !== null) {
      const active = await tx.campaign.count({ where: { userId, enabled: true } });
      if (active >= agent.campaignLimit) {
        throw new ConflictError(
          `Your plan allows ${agent.campaignLimit} active campaigns. Disable one or upgrade your plan to add more.`,
        );
      }
    }

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
