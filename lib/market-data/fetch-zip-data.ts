import { setTimeout as sleep } from "node:timers/promises";
import { LRUCache } from "lru-cache";
import { v7 as uuidv7 } from "uuid";
import { perClient } from "@/lib/campaigns/work-batches";
import { queryRows } from "@/lib/db";
import {
  Prisma,
  type PrismaClient,
  type ZipDataKind,
  type ZipMarketData,
} from "@/lib/generated/prisma/client";
import { type MarketDataProvider, type Sourced, sourcedCalls } from "@/lib/market-data/types";

/**
 * Zip-level data (market stats, active listings, recent sales) is cached per zip and day and shared
 * by every campaign in the zip (DESIGN.md §4), so 100 clients in one zip cost one upstream call:
 *
 * - inside one process, concurrent requests for the same (zip, kind, day) share one promise;
 * - across processes, the `ZipMarketData` row is the claim: the worker that moves it to RUNNING
 *   (insert, or a compare-and-set update) calls the vendor; the others poll the row until it is
 *   READY. A claim lapses after `leaseMs`, so a crashed worker's fetch is taken over;
 * - a failed fetch marks the row FAILED with the error and `retryAfter`: until then every request
 *   for it fails at once with that error (recorded on its artifact; SQS redelivers later), so a 429
 *   storm or an outage costs one upstream call per zip per retry window, not one per campaign.
 */

export type ZipDataOptions = {
  /** How long a claim is owned before another worker may take it over. */
  leaseMs?: number;
  /** How long a failed fetch blocks new vendor calls for the same row. */
  failureCooldownMs?: number;
  /** How long to wait for another worker's fetch before giving up (the message is then redelivered). */
  maxWaitMs?: number;
  pollMs?: number;
  /** In-flight fetches of this process; a test passes its own to act as a second process. */
  inflight?: Map<string, Promise<ZipDataResult>>;
};

export type ZipDataResult = { id: string; payload: Prisma.JsonValue; source: string };

export class ZipDataUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZipDataUnavailableError";
  }
}

const processInflight = new Map<string, Promise<ZipDataResult>>();

/**
 * READY results this process has seen, per in-flight map (a test's second "process" has its own).
 * A zip's row of a day does not change once READY (sample rows aside, which a provider with vendor
 * keys does not take from here), so after the first campaign of a zip the others read no database.
 */
const readyResults = new WeakMap<Map<string, Promise<ZipDataResult>>, LRUCache<string, ZipDataResult>>();
function readyResultsOf(inflight: Map<string, Promise<ZipDataResult>>): LRUCache<string, ZipDataResult> {
  return perClient(readyResults, inflight, () => new LRUCache({ max: 5_000, ttl: 10 * 60_000 }));
}

const KIND_LABELS: Record<ZipDataKind, string> = {
  MARKET_STATS: "market data",
  ACTIVE_LISTINGS: "active listings",
  RECENT_SALES: "recent sales",
};

export function fetchZipData(
  db: PrismaClient,
  provider: MarketDataProvider,
  zipCode: string,
  kind: ZipDataKind,
  day: string,
  options: ZipDataOptions = {},
): Promise<ZipDataResult> {
  const inflight = options.inflight ?? processInflight;
  const key = `${zipCode}|${kind}|${day}`;
  const ready = readyResultsOf(inflight);
  const seen = ready.get(key);
  if (seen && !(provider.source !== "sample" && seen.source === "sample")) return Promise.resolve(seen);
  const running = inflight.get(key);
  if (running) return running;
  const promise = claimOrWait(db, provider, zipCode, kind, day, options)
    .then((result) => {
      ready.set(key, result);
      return result;
    })
    .finally(() => inflight.delete(key));
  inflight.set(key, promise);
  return promise;
}

async function claimOrWait(
  db: PrismaClient,
  provider: MarketDataProvider,
  zipCode: string,
  kind: ZipDataKind,
  day: string,
  options: ZipDataOptions,
): Promise<ZipDataResult> {
  const leaseMs = options.leaseMs ?? 60_000;
  const maxWaitMs = options.maxWaitMs ?? 45_000;
  const pollMs = options.pollMs ?? 200;
  const what = `ZIP ${zipCode} ${KIND_LABELS[kind]}`;
  const startedAt = Date.now();

  // Raw statements (queryRows): they run once per zip, kind and day in every worker process, and
  // Prisma's query compiler would otherwise be loaded (~50 MB) and run for each.
  for (;;) {
    const now = new Date();
    const claimExpiresAt = new Date(now.getTime() + leaseMs);
    const [created] = await queryRows<ZipMarketData>(
      db,
      Prisma.sql`
      INSERT INTO "ZipMarketData" (id, "zipCode", kind, day, status, attempts, "claimExpiresAt", "updatedAt")
      VALUES (${uuidv7()}::uuid, ${zipCode}, ${kind}::"ZipDataKind", ${day}::date, 'RUNNING', 1, ${claimExpiresAt}, now())
      ON CONFLICT ("zipCode", kind, day) DO NOTHING
      RETURNING *`,
    );
    if (created) return fetchAndStore(db, provider, created, options);
    const [row] = await queryRows<ZipMarketData>(
      db,
      Prisma.sql`SELECT * FROM "ZipMarketData" WHERE "zipCode" = ${zipCode} AND kind = ${kind}::"ZipDataKind" AND day = ${day}::date`,
    );
    if (!row) continue; // deleted in between (retention cleanup): insert again

    // Sample rows cached before vendor keys were configured are replaced, not served as real data.
    const replacesSample = provider.source !== "sample" && row.source === "sample";
    const ready = readyResult(row);
    if (ready && !replacesSample) return ready;
    if (row.status === "FAILED" && row.retryAfter && row.retryAfter > now) {
      throw new ZipDataUnavailableError(`${what} unavailable: ${row.error ?? "the last fetch failed"}`);
    }
    if (row.status !== "RUNNING" || row.claimExpiresAt === null || row.claimExpiresAt <= now) {
      // Compare-and-set: of several workers seeing the same lapsed or failed row, one wins.
      const [claimed] = await queryRows<ZipMarketData>(
        db,
        Prisma.sql`
        UPDATE "ZipMarketData"
        SET status = 'RUNNING', "claimExpiresAt" = ${claimExpiresAt}, attempts = attempts + 1, "updatedAt" = now()
        WHERE id = ${row.id}::uuid AND (
          status = 'PENDING'
          OR (status = 'FAILED' AND ("retryAfter" IS NULL OR "retryAfter" <= ${now}))
          OR (status = 'RUNNING' AND ("claimExpiresAt" IS NULL OR "claimExpiresAt" <= ${now}))
          OR (${replacesSample} AND status = 'READY' AND source = 'sample')
        )
        RETURNING *`,
      );
      if (claimed) return fetchAndStore(db, provider, claimed, options);
      continue;
    }
    if (Date.now() - startedAt > maxWaitMs) {
      throw new ZipDataUnavailableError(`${what}: another worker is still fetching it; will retry`);
    }
    await sleep(pollMs * (0.5 + Math.random()));
  }
}

async function fetchAndStore(
  db: PrismaClient,
  provider: MarketDataProvider,
  row: ZipMarketData,
  options: ZipDataOptions,
): Promise<ZipDataResult> {
  const day = row.day.toISOString().slice(0, 10);
  let result: Sourced<Prisma.InputJsonValue>;
  try {
    result = await fetchFromProvider(provider, row.zipCode, row.kind, day);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const retryAfter = new Date(Date.now() + (options.failureCooldownMs ?? 15_000));
    await queryRows(
      db,
      Prisma.sql`
      UPDATE "ZipMarketData"
      SET status = 'FAILED', error = ${message}, "claimExpiresAt" = NULL, "retryAfter" = ${retryAfter}, "updatedAt" = now()
      WHERE id = ${row.id}::uuid AND status = 'RUNNING'`,
    );
    throw error;
  }
  // The stored row, whichever worker stored it (another may have finished first, after a lapsed claim).
  const [stored] = await queryRows<ZipMarketData>(
    db,
    Prisma.sql`
    WITH updated AS (
      UPDATE "ZipMarketData"
      SET status = 'READY', source = ${result.source}, payload = ${JSON.stringify(result.data)}::jsonb,
        error = NULL, "claimExpiresAt" = NULL, "retryAfter" = NULL, "fetchedAt" = now(), "updatedAt" = now()
      WHERE id = ${row.id}::uuid AND status <> 'READY'
      RETURNING *
    )
    SELECT * FROM updated
    UNION ALL
    SELECT * FROM "ZipMarketData" WHERE id = ${row.id}::uuid AND NOT EXISTS (SELECT 1 FROM updated)`,
  );
  return (
    (stored && readyResult(stored)) ?? {
      id: row.id,
      payload: result.data as Prisma.JsonValue,
      source: result.source,
    }
  );
}

function readyResult(row: ZipMarketData): ZipDataResult | null {
  if (row.status !== "READY" || row.payload === null || !row.source) return null;
  return { id: row.id, payload: row.payload, source: row.source };
}

async function fetchFromProvider(
  provider: MarketDataProvider,
  zipCode: string,
  kind: ZipDataKind,
  day: string,
): Promise<Sourced<Prisma.InputJsonValue>> {
  const calls = sourcedCalls(provider);
  switch (kind) {
    case "MARKET_STATS":
      return await calls.getMarketStats(zipCode, day);
    case "ACTIVE_LISTINGS":
      return await calls.getActiveListings(zipCode, day);
    case "RECENT_SALES":
      return await calls.getRecentSales(zipCode, day);
  }
}
