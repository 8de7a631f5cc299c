import { POLLER_ACTOR, type PollContext } from "@/lib/campaigns/poller/poll-context";
import { transitionCampaign } from "@/lib/campaigns/transition-campaign";
import { formatDateTime } from "@/lib/format";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * Cycles started per transaction. A transaction holds its row locks until it commits and must finish
 * within Prisma's interactive-transaction timeout (5 s). One transaction for a whole batch of 500
 * (four writes each) ran past it on a loaded 2-core machine, rolled back, and every later tick failed
 * the same way, so a backlog of due campaigns never started; under the same load a transition in the
 * busy worker took 50–100 ms, so even 50 did now and then (scripts/bench/bench-pipeline.ts).
 */
const CYCLES_PER_TRANSACTION = 20;
/** Room for a slow, loaded machine; a timed-out chunk is rolled back whole and retried next tick. */
const TRANSACTION_OPTIONS = { timeout: 30_000, maxWait: 10_000 };

/**
 * DORMANT → WAITING_FOR_DATA for campaigns whose cycle start is due (nextSendDate − lead ≤ now),
 * enabled, not unsubscribed, whose agent may send. Rows are locked FOR UPDATE SKIP LOCKED so several
 * pollers split the work; the transition itself is a compare-and-set besides. Up to `batchSize`
 * campaigns per tick, CYCLES_PER_TRANSACTION at a time.
 * The query is a range scan of Campaign(status, nextSendDate): disabled campaigns have no
 * nextSendDate, so only due campaigns are read, however many are dormant.
 */
export async function startDueCycles(ctx: PollContext): Promise<number> {
  let started = 0;
  for (let claimed = 0; claimed < ctx.batchSize; ) {
    const limit = Math.min(CYCLES_PER_TRANSACTION, ctx.batchSize - claimed);
    const chunk = await startDueChunk(ctx, limit);
    started += chunk.started;
    claimed += chunk.found;
    if (chunk.found < limit) break;
  }
  return started;
}

async function startDueChunk(ctx: PollContext, limit: number): Promise<{ found: number; started: number }> {
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
      LIMIT ${limit}
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
        now: ctx.clock(),
        reason: `cycle for the send date ${formatDateTime(campaign.nextSendDate, campaign.timeZone)}`,
      });
      if (cycle !== null) started++;
    }
    return { found: due.length, started };
  }, TRANSACTION_OPTIONS);
}
