import type { RentcastClient } from "@/lib/clients/rentcast/rentcast-client";
import type { ZillowClient } from "@/lib/clients/zillow/types";
import type { Logger } from "@/lib/logger";
import type { MarketDataProvider, SourcedMarketData } from "@/lib/market-data/types";

/**
 * Real market data: Rentcast for market statistics and valuations (it gives the range and the
 * comparables); listings and recent sales from Zillow when a RapidAPI key is configured (Zillow's
 * own v1 → v2 fallback first), else — or when both Zillow APIs fail — from Rentcast. Each answer
 * carries the vendor that gave it, recorded on the artifact.
 */
export function createVendorMarketDataProvider(options: {
  rentcast: RentcastClient;
  zillow: ZillowClient | null;
  log: Logger;
}): MarketDataProvider {
  const { rentcast, zillow, log } = options;

  async function homes(kind: "getActiveListings" | "getRecentSales", zipCode: string, day: string) {
    if (zillow) {
      try {
        return await zillow[kind](zipCode, day);
      } catch (error) {
        log.warn(
          { zipCode, kind, err: error instanceof Error ? error.message : error },
          "zillow failed; using rentcast",
        );
      }
    }
    return { data: await rentcast[kind](zipCode, day), source: "rentcast" };
  }

  const sourced: SourcedMarketData = {
    getMarketStats: async (zipCode, day) => ({
      data: await rentcast.getMarketStats(zipCode, day),
      source: "rentcast",
    }),
    getActiveListings: (zipCode, day) => homes("getActiveListings", zipCode, day),
    getRecentSales: (zipCode, day) => homes("getRecentSales", zipCode, day),
    getValuation: async (property, day) => ({
      data: await rentcast.getValuation(property, day),
      source: "rentcast",
    }),
  };
  return {
    source: zillow ? "rentcast+zillow" : "rentcast",
    sourced,
    getMarketStats: async (zipCode, day) => (await sourced.getMarketStats(zipCode, day)).data,
    getActiveListings: async (zipCode, day) => (await sourced.getActiveListings(zipCode, day)).data,
    getRecentSales: async (zipCode, day) => (await sourced.getRecentSales(zipCode, day)).data,
    getValuation: async (property, day) => (await sourced.getValuation(property, day)).data,
  };
}
