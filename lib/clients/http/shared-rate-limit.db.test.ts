import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSharedRateLimit } from "@/lib/clients/http/shared-rate-limit";
import { createRentcastClient } from "@/lib/clients/rentcast/rentcast-client";
import { getDb } from "@/lib/db";
import { logger } from "@/lib/logger";
import { RENTCAST_KEY, startRentcastServer } from "@/test/vendors/rentcast-server";
import type { VendorServer } from "@/test/vendors/vendor-server";

const TODAY = "2025-08-20";
const log = logger.child({}, { level: "silent" });
const db = getDb();
let server: VendorServer;

/** A client as one worker process has it: its own per-process limiter at the key's full limit. */
function processClient(shared: boolean) {
  return createRentcastClient(
    { apiKey: RENTCAST_KEY, baseUrl: server.url, requestsPerSecond: 20, timeoutMs: 5000, retries: 0 },
    log,
    shared ? { sharedLimit: createSharedRateLimit(db, "rentcast", RENTCAST_KEY, 20) } : {},
  );
}

async function burst(shared: boolean) {
  server.requests.length = 0;
  server.statuses.length = 0;
  const clients = [processClient(shared), processClient(shared), processClient(shared)];
  const started = performance.now();
  const results = await Promise.allSettled(
    Array.from({ length: 60 }, (_, i) => clients[i % 3]?.getMarketStats(String(20000 + i), TODAY)),
  );
  return { results, seconds: (performance.now() - started) / 1000 };
}

beforeAll(async () => {
  server = await startRentcastServer({ today: TODAY, requestsPerSecond: 20 });
});
afterAll(() => server.close());

describe("a rate limit shared by processes on one key", () => {
  it("without it, three processes at 20/s each overrun the vendor's 20/s", async () => {
    const { results } = await burst(false);
    expect(results.filter((r) => r.status === "rejected").length).toBeGreaterThan(10);
    expect(server.statuses.filter((s) => s === 429).length).toBeGreaterThan(10);
  });

  it("with it, three processes together keep to 20/s: no 429, evenly spaced", async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100)); // let the vendor's bucket refill
    const { results, seconds } = await burst(true);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(server.statuses.filter((s) => s === 429)).toEqual([]);
    // 60 requests 50 ms apart.
    expect(seconds).toBeGreaterThanOrEqual(2.8);
    expect(seconds).toBeLessThan(5);
    const arrivals = server.requests.map((r) => r.at).sort((a, b) => a - b);
    const busiestSecond = Math.max(
      ...arrivals.map((t) => arrivals.filter((u) => u >= t && u < t + 1000).length),
    );
    // Slots are 50 ms apart; on a loaded machine a late timer lets a few requests bunch up behind it,
    // which the vendor's own limiter (no 429 above) tolerates. A missing limiter gives ~60 here.
    expect(busiestSecond).toBeLessThanOrEqual(24);
    const row = await db.vendorRateLimit.findFirstOrThrow();
    expect(row.key).toMatch(/^rentcast:[0-9a-f]{16}$/);
    expect(row.key).not.toContain(RENTCAST_KEY);
  });
});
