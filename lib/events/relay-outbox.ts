import type { SNSClient } from "@aws-sdk/client-sns";
import { queryRows } from "@/lib/db";
import { type PublishOutcome, publishEvents } from "@/lib/events/publish-event";
import type { TopicKey } from "@/lib/events/topology";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { Logger } from "@/lib/logger";

/**
 * The outbox relay (DESIGN.md §3): publishes rows written by state changes and marks them sent.
 *
 * Rows are claimed with a lease (`nextAttemptAt` moved into the future, FOR UPDATE SKIP LOCKED), so
 * several relays share the work, and published outside any transaction (no network call holds a
 * database lock), ten per SNS PublishBatch call. A relay that dies after publishing and before marking leaves the row to be
 * published again when its lease ends: a duplicate message, which every consumer tolerates, never a
 * lost one. Failures back off exponentially up to 5 minutes.
 */

const LEASE_SECONDS = 30;

/** `id` is a bigint column, read as its decimal string (queryRows). */
type ClaimedRow = { id: string; topic: string; payload: unknown; attempts: number };

export type RelayResult = { claimed: number; published: number; failed: number };

export async function relayOutboxBatch(options: {
  db: PrismaClient;
  sns: SNSClient;
  topicArns: Record<TopicKey, string>;
  log: Logger;
  batchSize?: number;
}): Promise<RelayResult> {
  const { db, sns, topicArns, log } = options;
  const rows = await queryRows<ClaimedRow>(
    db,
    Prisma.sql`
    UPDATE "OutboxEvent" SET "nextAttemptAt" = now() + make_interval(secs => ${LEASE_SECONDS}), attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM "OutboxEvent"
      WHERE "publishedAt" IS NULL AND "nextAttemptAt" <= now()
      ORDER BY id LIMIT ${options.batchSize ?? 200}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, topic, payload, attempts`,
  );
  if (rows.length === 0) return { claimed: 0, published: 0, failed: 0 };

  const published: string[] = [];
  const failures: { id: string; attempts: number; error: string }[] = [];
  // Map.groupBy needs Node 21.
  const byTopic = new Map<string, ClaimedRow[]>();
  for (const row of rows) {
    const group = byTopic.get(row.topic);
    if (group) group.push(row);
    else byTopic.set(row.topic, [row]);
  }
  await Promise.all(
    [...byTopic].map(async ([topic, topicRows]) => {
      const topicArn = topicArns[topic as TopicKey];
      const outcomes: PublishOutcome[] = topicArn
        ? await publishEvents(
            sns,
            topicArn,
            topicRows.map((row) => row.payload),
          )
        : topicRows.map(() => ({ ok: false, error: `unknown topic ${topic}` }));
      outcomes.forEach((outcome, index) => {
        const row = topicRows[index] as ClaimedRow;
        if (outcome.ok) published.push(row.id);
        else failures.push({ id: row.id, attempts: row.attempts, error: outcome.error });
      });
    }),
  );

  if (published.length > 0) {
    await queryRows(
      db,
      Prisma.sql`UPDATE "OutboxEvent" SET "publishedAt" = now(), "lastError" = NULL
        WHERE id = ANY(${published}::bigint[])`,
    );
  }
  for (const failure of failures) {
    const backoffSeconds = Math.min(300, 2 ** Math.min(failure.attempts, 9));
    log.warn(
      { outboxId: failure.id, attempts: failure.attempts, err: failure.error },
      "outbox publish failed",
    );
    await db.outboxEvent.update({
      where: { id: BigInt(failure.id) },
      data: { lastError: failure.error, nextAttemptAt: new Date(Date.now() + backoffSeconds * 1000) },
    });
  }
  return { claimed: rows.length, published: published.length, failed: failures.length };
}
