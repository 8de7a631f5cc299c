import { queryRows } from "@/lib/db";
import { type CampaignStatus, Prisma, type PrismaClient } from "@/lib/generated/prisma/client";

/**
 * A consumer that keeps its message for later (made invisible until the sending window opens, say)
 * tells the poller not to re-publish the campaign's event before then: `lastNudgedAt` is set to the
 * moment the message comes back, and nudgeStuckCampaigns waits its usual threshold past that. Without
 * it the poller would add a copy of the event every threshold while the kept message waits.
 * Applies only while the campaign is still in that status and cycle.
 */
export async function holdNudgesUntil(
  db: PrismaClient,
  campaign: { campaignId: string; cycle: number; status: CampaignStatus },
  until: Date,
): Promise<void> {
  // Raw (queryRows): a deferred send (outside the sending window) is routine for the workers.
  await queryRows(
    db,
    Prisma.sql`
    UPDATE "Campaign" SET "lastNudgedAt" = ${until}, "updatedAt" = now()
    WHERE id = ${campaign.campaignId}::uuid AND cycle = ${campaign.cycle} AND status = ${campaign.status}::"CampaignStatus"`,
  );
}
