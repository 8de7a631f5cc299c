import type { Prisma, PrismaClient, ZipDataKind } from "@/lib/generated/prisma/client";
import type { MarketDataProvider } from "@/lib/market-data/types";

/**
 * Zip-level data (market stats, active listings, recent sales) is cached per zip and day and shared
 * by every campaign in the zip (DESIGN.md §4): the first campaign of the day fetches, the others read.
 * Two campaigns racing on a cold zip may both fetch; the unique (zip, kind, day) row keeps one result.
 */
export async function fetchZipData(
  db: PrismaClient,
  provider: MarketDataProvider,
  zipCode: string,
  kind: ZipDataKind,
  day: string,
): Promise<{ id: string; payload: Prisma.JsonValue; source: string }> {
  const where = { zipCode_kind_day: { zipCode, kind, day: new Date(`${day}T00:00:00Z`) } };
  const cached = await db.zipMarketData.findUnique({ where });
  if (cached?.status === "READY" && cached.payload !== null && cached.source) {
    return { id: cached.id, payload: cached.payload, source: cached.source };
  }
  const payload = await fetchFromProvider(provider, zipCode, kind, day);
  const row = await db.zipMarketData.upsert({
    where,
    create: {
      zipCode,
      kind,
      day: new Date(`${day}T00:00:00Z`),
      status: "READY",
      attempts: 1,
      source: provider.source,
      payload,
      fetchedAt: new Date(),
    },
    update: {
      status: "READY",
      attempts: { increment: 1 },
      source: provider.source,
      payload,
      error: null,
      fetchedAt: new Date(),
    },
  });
  return { id: row.id, payload: payload as Prisma.JsonValue, source: provider.source };
}

async function fetchFromProvider(
  provider: MarketDataProvider,
  zipCode: string,
  kind: ZipDataKind,
  day: string,
): Promise<Prisma.InputJsonValue> {
  switch (kind) {
    case "MARKET_STATS":
      return await provider.getMarketStats(zipCode, day);
    case "ACTIVE_LISTINGS":
      return await provider.getActiveListings(zipCode, day);
    case "RECENT_SALES":
      return await provider.getRecentSales(zipCode, day);
  }
}
