import { DATA_ARTIFACT_KINDS, REQUIRED_ARTIFACT_KINDS } from "@/lib/campaigns/campaign-transitions";
import { POLLER_ACTOR, type PollContext } from "@/lib/campaigns/poller/poll-context";
import { transitionInChunks } from "@/lib/campaigns/poller/transition-in-chunks";
import { queryRows } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { nextSendDateStartingCycleAt } from "@/lib/scheduling/cycle-start-due";

/** After required data failed for good, the cycle is retried this much later. */
export const FAILED_CYCLE_RETRY_HOURS = 24;

type Candidate = { id: string; userId: string; cycle: number; failedRequired: string | null };

/**
 * WAITING_FOR_DATA → WAITING_FOR_HOME_ANALYSIS once every data artifact of the cycle is ready or
 * failed for good. When a required one (market data, valuation) failed, the cycle is abandoned and
 * retried a day later; optional ones (listings, sales, intro) are left out or replaced in the email.
 */
export async function advanceDataGathered(ctx: PollContext): Promise<{ advanced: number; failed: number }> {
  const required = Prisma.join(REQUIRED_ARTIFACT_KINDS.map((kind) => Prisma.sql`${kind}::"ArtifactKind"`));
  // Each waiting campaign's artifacts are counted through CampaignArtifact(campaignId, cycle, kind):
  // a few index entries per campaign, whatever the table's statistics say. (An anti-join against
  // the artifacts still PENDING or RUNNING, planned from statistics taken before a burst, scanned
  // every pending artifact once per waiting campaign: 300 ms a tick for 500 campaigns.)
  const candidates = await queryRows<Candidate>(
    ctx.db,
    Prisma.sql`
    SELECT c.id, c."userId", c.cycle, s."failedRequired"
    FROM "Campaign" c
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE a.status IN ('READY', 'FAILED')) AS finished,
        string_agg(a.kind::text || ': ' || coalesce(a.error, 'failed'), '; ')
          FILTER (WHERE a.status = 'FAILED' AND a.kind IN (${required})) AS "failedRequired"
      FROM "CampaignArtifact" a
      WHERE a."campaignId" = c.id AND a.cycle = c.cycle AND a.kind <> 'HOME_REPORT') s
    WHERE c.status = 'WAITING_FOR_DATA' AND s.finished = ${DATA_ARTIFACT_KINDS.length}
    LIMIT ${ctx.batchSize}`,
  );
  const now = ctx.clock();
  const moved = await transitionInChunks(
    ctx,
    candidates.map((c) =>
      c.failedRequired
        ? {
            campaignId: c.id,
            userId: c.userId,
            from: "WAITING_FOR_DATA" as const,
            to: "DORMANT" as const,
            cycle: c.cycle,
            actor: POLLER_ACTOR,
            now,
            event: "CYCLE_FAILED",
            reason: `required data unavailable (${c.failedRequired}); retrying in ${FAILED_CYCLE_RETRY_HOURS} hours`,
            data: {
              nextSendDate: nextSendDateStartingCycleAt(
                new Date(ctx.now.getTime() + FAILED_CYCLE_RETRY_HOURS * 3_600_000),
                ctx.pipeline,
              ),
            },
          }
        : {
            campaignId: c.id,
            userId: c.userId,
            from: "WAITING_FOR_DATA" as const,
            to: "WAITING_FOR_HOME_ANALYSIS" as const,
            cycle: c.cycle,
            actor: POLLER_ACTOR,
            now,
          },
    ),
  );
  let advanced = 0;
  let failed = 0;
  for (const [index, c] of candidates.entries()) {
    if (moved[index] === null) continue;
    if (c.failedRequired) {
      failed++;
      ctx.log.warn(
        { campaignId: c.id, cycle: c.cycle, reason: c.failedRequired },
        "cycle failed: required data",
      );
    } else advanced++;
  }
  return { advanced, failed };
}

/** WAITING_FOR_HOME_ANALYSIS → READY_TO_CREATE_EMAIL once the home report is written (or fell back). */
export async function advanceHomeReportWritten(ctx: PollContext): Promise<number> {
  const ready = await queryRows<{ id: string; userId: string; cycle: number }>(
    ctx.db,
    Prisma.sql`
    SELECT c.id, c."userId", c.cycle FROM "Campaign" c
    JOIN "CampaignArtifact" a ON a."campaignId" = c.id AND a.cycle = c.cycle AND a.kind = 'HOME_REPORT'
    WHERE c.status = 'WAITING_FOR_HOME_ANALYSIS' AND a.status IN ('READY', 'FAILED')
    LIMIT ${ctx.batchSize}`,
  );
  const now = ctx.clock();
  const moved = await transitionInChunks(
    ctx,
    ready.map((c) => ({
      campaignId: c.id,
      userId: c.userId,
      from: "WAITING_FOR_HOME_ANALYSIS" as const,
      to: "READY_TO_CREATE_EMAIL" as const,
      cycle: c.cycle,
      actor: POLLER_ACTOR,
      now,
    })),
  );
  const advanced = moved.filter((cycle) => cycle !== null).length;
  return advanced;
}
