import type DataLoader from "dataloader";
import { insertHistorySql } from "@/lib/campaigns/insert-history";
import { batchLoader } from "@/lib/campaigns/work-batches";
import { queryRows, rawTransaction } from "@/lib/db";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";

/**
 * The last step of email creation, batched with the other emails created at the same moment (one
 * raw transaction of three statements for the batch instead of five round trips each): the
 * campaign's email becomes READY (compare-and-set: still READY_TO_CREATE_EMAIL in this cycle, not
 * yet READY), its older unapproved emails expire, and the timeline gets its EMAIL_CREATED row.
 */

export type MarkCreatedRequest = {
  campaignId: string;
  cycle: number;
  scheduledSendDatetime: Date;
  actor: string;
  at: Date;
  /** The timeline text, told how many older unapproved emails expired. */
  reason: (expired: number) => string;
};

export type MarkCreatedOutcome = "created" | "already-done";

const EXPIRED_ERROR = "Replaced by a newer email before it was approved";

const loaders = new WeakMap<PrismaClient, DataLoader<MarkCreatedRequest, MarkCreatedOutcome>>();

export function markEmailCreated(db: PrismaClient, request: MarkCreatedRequest): Promise<MarkCreatedOutcome> {
  return batchLoader(loaders, db, (requests) => markAll(db, requests)).load(request);
}

async function markAll(
  db: PrismaClient,
  requests: readonly MarkCreatedRequest[],
): Promise<MarkCreatedOutcome[]> {
  return rawTransaction(db, async (tx) => {
    const marked = await queryRows<{ id: string }>(
      tx,
      Prisma.sql`
      UPDATE "Campaign" c SET "emailCreationStatus" = 'READY', "lastScheduledSendDate" = v.scheduled,
        "updatedAt" = now()
      FROM unnest(
        ${requests.map((r) => r.campaignId)}::uuid[],
        ${requests.map((r) => r.cycle)}::int[],
        ${requests.map((r) => r.scheduledSendDatetime.toISOString())}::timestamptz[]
      ) AS v(id, cycle, scheduled)
      WHERE c.id = v.id AND c.status = 'READY_TO_CREATE_EMAIL' AND c.cycle = v.cycle
        AND c."emailCreationStatus" <> 'READY'
      RETURNING c.id`,
    );
    // A campaign named twice in one batch is marked once: the first request has it.
    const unclaimed = new Set(marked.map((row) => row.id));
    const mine = requests.filter((r) => unclaimed.delete(r.campaignId));
    if (mine.length === 0) return requests.map(() => "already-done" as const);

    const expired = await queryRows<{ campaignId: string; count: number }>(
      tx,
      Prisma.sql`
      WITH e AS (
        UPDATE "Email" e SET status = 'EXPIRED', error = ${EXPIRED_ERROR}, "updatedAt" = now()
        FROM unnest(${mine.map((r) => r.campaignId)}::uuid[], ${mine.map((r) => r.cycle)}::int[])
          AS v(campaign_id, cycle)
        WHERE e."campaignId" = v.campaign_id AND e.cycle < v.cycle AND e.status = 'READY'
        RETURNING e."campaignId")
      SELECT "campaignId", count(*)::int AS count FROM e GROUP BY "campaignId"`,
    );
    const expiredOf = new Map(expired.map((row) => [row.campaignId, row.count]));
    await queryRows(
      tx,
      insertHistorySql(
        mine.map((r) => ({
          campaignId: r.campaignId,
          cycle: r.cycle,
          event: "EMAIL_CREATED",
          actor: r.actor,
          at: r.at,
          reason: r.reason(expiredOf.get(r.campaignId) ?? 0),
        })),
      ),
    );
    const created = new Set(mine);
    return requests.map((r) => (created.has(r) ? "created" : "already-done"));
  });
}
