import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { closeDbClient, createDbClient, getDb } from "@/lib/db";
import { gmailBuckets, returnSendToken, takeSendToken } from "@/lib/delivery/send-budget";

const NOW = new Date("2026-11-30T17:00:00Z");

it("concurrent takers on separate connections never overdraw a bucket", async () => {
  const buckets = [{ key: `test:${randomUUID()}`, capacity: 3, periodMs: 60_000 }];
  // Separate clients stand in for separate worker processes.
  const clients = Array.from({ length: 4 }, () => createDbClient(process.env.DATABASE_URL ?? ""));
  try {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        takeSendToken(clients[i % clients.length] ?? getDb(), buckets, NOW),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    const refused = results.find((r) => !r.ok);
    // One token refills in 20 s (3 per minute).
    expect(refused).toEqual({ ok: false, retryAfterMs: 20_000 });
  } finally {
    await Promise.all(clients.map((c) => closeDbClient(c)));
  }
});

it("refills over time, up to capacity, and both the minute and the day budget must allow a send", async () => {
  const userId = randomUUID();
  const buckets = gmailBuckets(userId, { perDay: 2, perMinute: 10 });
  expect(await takeSendToken(getDb(), buckets, NOW)).toEqual({ ok: true });
  expect(await takeSendToken(getDb(), buckets, NOW)).toEqual({ ok: true });
  // The minute bucket has 8 left, the day bucket none: refused until the day bucket refills (12 h per token).
  const refused = await takeSendToken(getDb(), buckets, NOW);
  expect(refused).toEqual({ ok: false, retryAfterMs: 43_200_000 });
  const minute = await getDb().sendBudget.findUniqueOrThrow({ where: { key: `gmail-minute:${userId}` } });
  expect(minute.tokens).toBe(8); // a refused take takes nothing
  expect(await takeSendToken(getDb(), buckets, new Date(NOW.getTime() + 43_200_000))).toEqual({ ok: true });
  await returnSendToken(getDb(), buckets);
  const day = await getDb().sendBudget.findUniqueOrThrow({ where: { key: `gmail-day:${userId}` } });
  expect(day.tokens).toBe(1);
});
