import { expect, it } from "vitest";
import { deleteExpiredRows } from "@/lib/cron/delete-expired-rows";
import { getDb } from "@/lib/db";

it("deletes only published outbox rows past retention, never unpublished ones", async () => {
  const db = getDb();
  const now = new Date("2026-11-29T12:00:00Z");
  const old = new Date("2026-11-01T12:00:00Z");
  const row = (key: string, publishedAt: Date | null) => ({
    topic: "campaign-events",
    type: "CAMPAIGN_STATUS_CHANGED",
    payload: {},
    dedupeKey: key,
    publishedAt,
    createdAt: old,
  });
  await db.outboxEvent.createMany({
    data: [
      row("old-published", old),
      row("old-unpublished", null),
      row("recent-published", new Date("2026-11-28T12:00:00Z")),
    ],
  });
  expect(await deleteExpiredRows(db, now)).toEqual({
    outboxEvents: 1,
    webhookEvents: 0,
    rateLimitCounters: 0,
  });
  const left = await db.outboxEvent.findMany({ select: { dedupeKey: true }, orderBy: { dedupeKey: "asc" } });
  expect(left.map((r) => r.dedupeKey)).toEqual(["old-unpublished", "recent-published"]);
});

it("deletes rate-limit counters whose window ended more than an hour ago", async () => {
  const db = getDb();
  const now = new Date("2026-11-29T12:00:00Z");
  const at = (minutesAgo: number) => BigInt(now.getTime() - minutesAgo * 60_000);
  await db.rateLimit.createMany({
    data: [
      { key: "health:old", points: 3, expire: at(61) },
      { key: "health:recent", points: 3, expire: at(59) },
      { key: "health:open", points: 1, expire: at(-1) },
    ],
  });
  expect((await deleteExpiredRows(db, now)).rateLimitCounters).toBe(1);
  const left = await db.rateLimit.findMany({ select: { key: true }, orderBy: { key: "asc" } });
  expect(left.map((r) => r.key)).toEqual(["health:open", "health:recent"]);
});
