import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Token buckets kept in PostgreSQL (SendBudget), so every worker process draws from the same budget:
 * an agent's Gmail allowance (DESIGN.md §7; Gmail suspends sending for up to a day when a mailbox goes
 * over its limits). Each bucket holds up to `capacity` tokens and refills continuously at
 * capacity / period. Taking is all-or-nothing across the buckets given, under row locks in one
 * transaction (no network call inside it).
 */

export type BucketSpec = { key: string; capacity: number; periodMs: number };

export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

export function gmailBuckets(userId: string, limits: { perDay: number; perMinute: number }): BucketSpec[] {
  return [
    { key: `gmail-minute:${userId}`, capacity: limits.perMinute, periodMs: 60_000 },
    { key: `gmail-day:${userId}`, capacity: limits.perDay, periodMs: 86_400_000 },
  ];
}

export async function takeSendToken(
  db: Pick<PrismaClient, "$transaction">,
  buckets: BucketSpec[],
  now: Date,
): Promise<TakeResult> {
  return db.$transaction(async (tx) => {
    await tx.sendBudget.createMany({
      data: buckets.map((b) => ({ key: b.key, tokens: b.capacity, updatedAt: now })),
      skipDuplicates: true,
    });
    const keys = buckets.map((b) => b.key);
    const rows = await tx.$queryRaw<{ key: string; tokens: number; updatedAt: Date }[]>`
      SELECT "key", "tokens", "updatedAt" FROM "SendBudget" WHERE "key" = ANY(${keys}) ORDER BY "key" FOR UPDATE`;
    const levels = buckets.map((bucket) => {
      const row = rows.find((r) => r.key === bucket.key);
      const rate = bucket.capacity / bucket.periodMs;
      const elapsed = Math.max(0, now.getTime() - (row?.updatedAt.getTime() ?? now.getTime()));
      const tokens = Math.min(bucket.capacity, (row?.tokens ?? bucket.capacity) + elapsed * rate);
      return { bucket, tokens, rate };
    });
    const short = levels.filter((level) => level.tokens < 1);
    if (short.length > 0) {
      return { ok: false, retryAfterMs: Math.ceil(Math.max(...short.map((l) => (1 - l.tokens) / l.rate))) };
    }
    for (const { bucket, tokens } of levels) {
      await tx.sendBudget.update({
        where: { key: bucket.key },
        data: { tokens: tokens - 1, updatedAt: now },
      });
    }
    return { ok: true };
  });
}

/** Gives a token back (a claim lost after taking one); never above capacity. */
export async function returnSendToken(
  db: Pick<PrismaClient, "sendBudget">,
  buckets: BucketSpec[],
): Promise<void> {
  for (const bucket of buckets) {
    await db.sendBudget.updateMany({
      where: { key: bucket.key, tokens: { lte: bucket.capacity - 1 } },
      data: { tokens: { increment: 1 } },
    });
  }
}
