import { statusEventKey, WORKING_STATUSES } from "@/lib/campaigns/campaign-transitions";
import { POLLER_ACTOR, type PollContext } from "@/lib/campaigns/poller/poll-context";
import { queryRows } from "@/lib/db";
import { enqueueEvent } from "@/lib/events/enqueue-event";
import { Prisma } from "@/lib/generated/prisma/client";
import { type CampaignStatus, EmailCreationStatus } from "@/lib/generated/prisma/enums";

/** Working statuses in which a campaign never waits on purpose. */
const ALWAYS_WORKING = WORKING_STATUSES.filter((status) => status !== "READY_TO_CREATE_EMAIL");
/** In READY_TO_CREATE_EMAIL a campaign waits on purpose once its email is READY. */
const EMAIL_NOT_READY = Object.values(EmailCreationStatus).filter((status) => status !== "READY");

/**
 * The safety net (DESIGN.md §3): a campaign that has sat in a working status longer than the
 * threshold without progress gets its status event published again, at most once per threshold.
 * That recovers a message lost with a restarted emulator, one dead-lettered, or a worker killed mid-job;
 * the consumers' idempotency makes the repeat harmless. Campaigns waiting on purpose (an email created
 * and waiting for approval or its send time) are not stuck.
 */
export async function nudgeStuckCampaigns(ctx: PollContext): Promise<number> {
  const threshold = new Date(ctx.now.getTime() - ctx.pipeline.stuckAfterMs);
  // Raw (queryRows): see abandon-inactive-cycles.ts.
  const stuck = await queryRows<{
    id: string;
    userId: string;
    cycle: number;
    status: CampaignStatus;
    statusChangedAt: Date;
  }>(
    ctx.db,
    // Spelled as ranges of Campaign(status, enabled, emailCreationStatus, statusChangedAt), not as
    // NOT (READY_TO_CREATE_EMAIL and READY): with a 48 h preparation lead, ~7 % of all campaigns wait
    // on purpose, and the negation made every tick read all of them (docs/poller-query-plans.md).
    Prisma.sql`
    SELECT id, "userId", cycle, status::text AS status, "statusChangedAt" FROM "Campaign"
    WHERE (
        status = ANY(${ALWAYS_WORKING}::"CampaignStatus"[])
        OR (status = 'READY_TO_CREATE_EMAIL' AND "emailCreationStatus" = ANY(${EMAIL_NOT_READY}::"EmailCreationStatus"[]))
      )
      AND "statusChangedAt" < ${threshold} AND enabled = true AND "unsubscribedAt" IS NULL
      AND ("lastNudgedAt" IS NULL OR "lastNudgedAt" < ${threshold})
    ORDER BY "statusChangedAt" ASC
    LIMIT ${ctx.batchSize}`,
  );
  let nudged = 0;
  for (const c of stuck) {
    const done = await ctx.db.$transaction(async (tx) => {
      const { count } = await tx.campaign.updateMany({
        // lastNudgedAt too: two pollers that both found the campaign must not both re-publish.
        where: {
          id: c.id,
          status: c.status,
          cycle: c.cycle,
          statusChangedAt: c.statusChangedAt,
          OR: [{ lastNudgedAt: null }, { lastNudgedAt: { lt: threshold } }],
        },
        data: { lastNudgedAt: ctx.now },
      });
      if (count === 0) return false;
      const dedupeKey = statusEventKey(c.id, c.cycle, c.status);
      await enqueueEvent(
        tx,
        {
          type: "CAMPAIGN_STATUS_CHANGED",
          version: 1,
          campaignId: c.id,
          userId: c.userId,
          cycle: c.cycle,
          fromStatus: c.status,
          toStatus: c.status,
          dedupeKey,
          occurredAt: ctx.now.toISOString(),
        },
        `${dedupeKey}:retry:${ctx.now.getTime()}`,
      );
      await tx.campaignHistory.create({
        data: {
          campaignId: c.id,
          cycle: c.cycle,
          fromStatus: c.status,
          toStatus: c.status,
          event: "RETRIED",
          actor: POLLER_ACTOR,
          reason: `no progress since ${c.statusChangedAt.toISOString()}; work requested again`,
          at: ctx.clock(),
        },
      });
      return true;
    });
    if (done) {
      nudged++;
      ctx.log.warn(
        { campaignId: c.id, cycle: c.cycle, status: c.status },
        "campaign stuck: event published again",
      );
    }
  }
  return nudged;
}
