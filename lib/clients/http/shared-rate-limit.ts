import { createHash } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * A rate limit shared by every process that uses the same vendor key (several worker containers on
 * one Rentcast key must still stay under 20 requests/s together). Each request reserves the next free
 * slot on the key's `VendorRateLimit` row — one atomic upsert that moves `nextSlotAt` on by 1/limit
 * seconds, timed by the database's clock so processes need no clock agreement — then sleeps until
 * its slot. Requests are spaced evenly, never bursting, so the vendor never sees more than `perSecond`.
 */
export function createSharedRateLimit(
  db: PrismaClient,
  vendor: string,
  apiKey: string,
  perSecond: number,
): () => Promise<void> {
  // The key's hash names the row: two keys get two schedules, and the key itself is never stored.
  const key = `${vendor}:${createHash("sha256").update(apiKey).digest("hex").slice(0, 16)}`;
  const spacingMs = 1000 / perSecond;
  return async () => {
    const [row] = await db.$queryRaw<{ waitMs: number }[]>`
      INSERT INTO "VendorRateLimit" (key, "nextSlotAt")
      VALUES (${key}, clock_timestamp() + ${spacingMs} * interval '1 millisecond')
      ON CONFLICT (key) DO UPDATE SET "nextSlotAt" =
        greatest("VendorRateLimit"."nextSlotAt", clock_timestamp()) + ${spacingMs} * interval '1 millisecond'
      RETURNING (extract(epoch FROM "nextSlotAt" - clock_timestamp()) * 1000 - ${spacingMs})::float8 AS "waitMs"`;
    const waitMs = row?.waitMs ?? 0;
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
  };
}
