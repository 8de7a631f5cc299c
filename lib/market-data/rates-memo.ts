import { LRUCache } from "lru-cache";
import { perClient } from "@/lib/campaigns/work-batches";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Mortgage-rate reads remembered for a minute per database and UTC day. Every campaign's market data
 * and email read the same few weekly rows (the survey is weekly; the cron job stores it), so a worker
 * asks the database once a minute instead of twice per campaign. A refresh in this process forgets
 * them at once; another process's refresh is seen within the minute.
 */

const TTL_MS = 60_000;
const caches = new WeakMap<PrismaClient, LRUCache<string, Promise<unknown>>>();

function cacheOf(db: PrismaClient): LRUCache<string, Promise<unknown>> {
  return perClient(caches, db, () => new LRUCache({ max: 100, ttl: TTL_MS }));
}

/** `load` for `key` once a minute; a failed load is not remembered. */
export function rememberRates<T>(db: PrismaClient, key: string, load: () => Promise<T>): Promise<T> {
  const cache = cacheOf(db);
  const known = cache.get(key) as Promise<T> | undefined;
  if (known) return known;
  const loading = load();
  cache.set(key, loading);
  loading.catch(() => cache.delete(key));
  return loading;
}

/** After storing new rates. */
export function forgetRates(db: PrismaClient): void {
  caches.get(db)?.clear();
}

/** The start (00:00 UTC) of `instant`'s UTC day: rates are dated by day, so reads depend on the day only. */
export function utcDayStart(instant: Date): Date {
  return new Date(`${instant.toISOString().slice(0, 10)}T00:00:00Z`);
}
