import { WORKING_STATUSES } from "@/lib/campaigns/campaign-transitions";
import { POLLER_ACTOR, type PollContext } from "@/lib/campaigns/poller/poll-context";
import { transitionCampaign } from "@/lib/campaigns/transition-campaign";
import type { CampaignStatus } from "@/lib/generated/prisma/enums";

/**
 * A campaign disabled or unsubscribed in the middle of a cycle returns to DORMANT and its unsent
 * email is canceled (DESIGN.md §5: disabling stops any unsent email). An email already claimed by a
 * sender (SENDING) is left to the sending consumer, which re-checks before it sends.
 */
export async function abandonInactiveCycles(ctx: PollContext): Promise<number> {
  const inactive = await ctx.db.campaign.findMany({
    where: {
      status: { in: [...WORKING_STATUSES] },
      OR: [{ enabled: false }, { unsubscribedAt: { not: null } }],
    },
    select: { id: true, userId: true, cycle: true, status: true, enabled: true },
    take: ctx.batchSize,
  });
  let abandoned = 0;
  for (const c of inactive) {
    const moved = await ctx.db.$transaction(async (tx) => {
      const cycle = await transitionCampaign(tx, {
        campaignId: c.id,
        userId: c.userId,
        from: c.status as CampaignStatus,
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
