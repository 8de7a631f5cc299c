import { billingAllowsSql } from "@/lib/billing/billing-gate";
import { POLLER_ACTOR, type PollContext } from "@/lib/campaigns/poller/poll-context";
import { transitionCampaigns } from "@/lib/campaigns/transition-campaign";
import { queryRows, rawTransaction } from "@/lib/db";
import { formatDateTime } from "@/lib/format";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * Cycles started per transaction. A transaction holds its row locks until it commits. With one
 * statement per campaign and transition, a transaction of 500 ran past Prisma's default 5 s on a
 * loaded 2-core machine and rolled back on every tick; the transitions are now batched (the locking
 * SELECT and one statement per chunk, transitionCampaigns), on a raw transaction of the pool
 * (rawTransaction), and chunks stay moderate so a slow one locks few rows.
 */
const CYCLES_PER_TRANSACTION = 100;

/**
 * DORMANT → WAITING_FOR_DATA for campaigns whose cycle start is due (nextSendDate − lead ≤ now),
 * enabled, not unsubscribed, whose agent billing lets send (billing-gate.ts; pause-unpaid-cycles.ts
 * moves the others' send dates on). Rows are locked FOR UPDATE SKIP LOCKED so several
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
  const billing = billingAllowsSql(ctx.billing, ctx.now);
  return rawTransaction(ctx.db, async (tx) => {
    const due = await queryRows<{
      id: string;
      userId: string;
      cycle: number;
      nextSendDate: Date;
      timeZone: string;
    }>(
      tx,
      Prisma.sql`
      SELECT c.id, c."userId", c.cycle, c."nextSendDate", u."timeZone" FROM "Campaign" c
      JOIN "User" u ON u.id = c."userId"
      WHERE c.status = 'DORMANT' AND c."nextSendDate" <= ${dueBefore}
        AND c.enabled AND c."unsubscribedAt" IS NULL AND u."deletedAt" IS NULL AND ${billing}
      ORDER BY c."nextSendDate"
      LIMIT ${limit}
      FOR UPDATE OF c SKIP LOCKED`,
    );
    const now = ctx.clock();
    const moved = await transitionCampaigns(
      tx,
      due.map((campaign) => ({
        campaignId: campaign.id,
        userId: campaign.userId,
        from: "DORMANT" as const,
        to: "WAITING_FOR_DATA" as const,
        cycle: campaign.cycle,
        actor: POLLER_ACTOR,
        now,
        reason: `cycle for the send date ${formatDateTime(campaign.nextSendDate, campaign.timeZone)}`,
      })),
    );
    return { found: due.length, started: moved.filter((cycle) => cycle !== null).length };
  });
}
