import { POLLER_ACTOR, type PollContext } from "@/lib/campaigns/poller/poll-context";
import { transitionCampaign } from "@/lib/campaigns/transition-campaign";
import { formatDateTime } from "@/lib/format";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * DORMANT → WAITING_FOR_DATA for campaigns whose cycle start is due (nextSendDate − lead ≤ now),
 * enabled, not unsubscribed, whose agent may send. Rows are locked FOR UPDATE SKIP LOCKED so several
 * pollers split the work; the transition itself is a compare-and-set besides.
 * The query is a range scan of Campaign(status, nextSendDate): disabled campaigns have no
 * nextSendDate, so only due campaigns are read, however many are dormant.
 */
export async function startDueCycles(ctx: PollContext): Promise<number> {
  const dueBefore = new Date(ctx.now.getTime() + ctx.pipeline.prepareLeadHours * 3_600_000);
  const billing = ctx.billingEnforced
    ? Prisma.sql`AND (u."managedClientId" IS NOT NULL OR u."subscriptionStatus" IN ('ACTIVE', 'TRIALING'))`
    : Prisma.empty;
  return ctx.db.$transaction(async (tx) => {
    const due = await tx.$queryRaw<
      { id: string; userId: string; cycle: number; nextSendDate: Date; timeZone: string }[]
    >`
      SELECT c.id, c."userId", c.cycle, c."nextSendDate", u."timeZone" FROM "Campaign" c
      JOIN "User" u ON u.id = c."userId"
      WHERE c.status = 'DORMANT' AND c."nextSendDate" <= ${dueBefore}
        AND c.enabled AND c."unsubscribedAt" IS NULL AND u."deletedAt" IS NULL ${billing}
      ORDER BY c."nextSendDate"
      LIMIT ${ctx.batchSize}
      FOR UPDATE OF c SKIP LOCKED`;
    let started = 0;
    for (const campaign of due) {
      const cycle = await transitionCampaign(tx, {
        campaignId: campaign.id,
        userId: campaign.userId,
        from: "DORMANT",
        to: "WAITING_FOR_DATA",
        cycle: campaign.cycle,
        actor: POLLER_ACTOR,
        now: ctx.now,
        reason: `cycle for the send date ${formatDateTime(campaign.nextSendDate, campaign.timeZone)}`,
      });
      if (cycle !== null) started++;
    }
    return started;
  });
}
