import { WORKING_STATUSES } from "@/lib/campaigns/campaign-transitions";
import { POLLER_ACTOR, type PollContext } from "@/lib/campaigns/poller/poll-context";
import { transitionCampaign } from "@/lib/campaigns/transition-campaign";
import { queryRows } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { CampaignStatus } from "@/lib/generated/prisma/enums";

/**
 * A campaign disabled or unsubscribed in the middle of a cycle returns to DORMANT and its unsent
 * email is canceled (DESIGN.md §5: disabling stops any unsent email). An email already claimed by a
 * sender (SENDING) is left to the sending consumer, which re-checks before it sends.
 */
export async function abandonInactiveCycles(ctx: PollContext): Promise<number> {
  // Raw (queryRows), as every query a tick runs: Prisma's query compiler stays out of the workers
  // until a campaign actually needs the transaction below.
  const inactive = await queryRows<{
    id: string;
    userId: string;
    cycle: number;
    status: CampaignStatus;
    enabled: boolean;
  }>(
    ctx.db,
    Prisma.sql`
    SELECT id, "userId", cycle, status::text AS status, enabled FROM "Campaign"
    WHERE status = ANY(${[...WORKING_STATUSES]}::"CampaignStatus"[])
      AND (enabled = false OR "unsubscribedAt" IS NOT NULL)
    LIMIT ${ctx.batchSize}`,
  );
  let abandoned = 0;
  for (const c of inactive) {
    const moved = await ctx.db.$transaction(async (tx) => {
      const cycle = await transitionCampaign(tx, {
        campaignId: c.id,
        userId: c.userId,
        from: c.status,
        to: "DORMANT",
        cycle: c.cycle,
        actor: POLLER_ACTOR,
        now: ctx.clock(),
        event: "CYCLE_ABANDONED",
        reason: c.enabled ? "homeowner unsubscribed" : "campaign disabled",
      });
      if (cycle !== null) {
        await tx.email.updateMany({
          where: { campaignId: c.id, cycle: c.cycle, status: "READY" },
          data: { status: "CANCELED", error: c.enabled ? "Homeowner unsubscribed" : "Campaign disabled" },
        });
      }
      return cycle;
    });
    if (moved !== null) abandoned++;
  }
  return abandoned;
}
