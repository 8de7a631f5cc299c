import type { PrismaClient } from "@/lib/generated/prisma/client";

/** How long rows that only serve idempotency and debugging are kept. */
export const RETENTION_DAYS = {
  publishedOutboxEvents: 14,
  processedWebhookEvents: 90,
  /** Rendered email HTML in S3: an S3 lifecycle rule (npm run provision:aws), not this job. */
  emailHtml: 400,
} as const;
/** Rate-limit counters are kept this long after their window ended (lib/security/rate-limits.ts). */
export const RATE_LIMIT_ROWS_KEPT_MS = 3_600_000;

/**
 * Retention cleanup: published outbox rows (their messages were delivered long ago) and webhook
 * idempotency records older than the retention period, and rate-limit counters whose window ended
 * an hour ago. Unpublished outbox rows are never deleted.
 */
export async function deleteExpiredRows(db: PrismaClient, now: Date) {
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const outbox = await db.outboxEvent.deleteMany({
    where: { publishedAt: { lt: daysAgo(RETENTION_DAYS.publishedOutboxEvents) } },
  });
  const webhooks = await db.processedWebhookEvent.deleteMany({
    where: { receivedAt: { lt: daysAgo(RETENTION_DAYS.processedWebhookEvents) } },
  });
  const rateLimits = await db.rateLimit.deleteMany({
    where: { expire: { lt: BigInt(now.getTime() - RATE_LIMIT_ROWS_KEPT_MS) } },
  });
  return { outboxEvents: outbox.count, webhookEvents: webhooks.count, rateLimitCounters: rateLimits.count };
}
