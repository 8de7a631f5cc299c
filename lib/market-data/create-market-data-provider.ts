import { createSharedRateLimit } from "@/lib/clients/http/shared-rate-limit";
import { createRentcastClient } from "@/lib/clients/rentcast/rentcast-client";
import { createZillowClient } from "@/lib/clients/zillow/create-zillow-client";
import type { AppConfig } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Logger } from "@/lib/logger";
import { createSampleMarketDataProvider } from "@/lib/market-data/sample-provider";
import type { MarketDataProvider } from "@/lib/market-data/types";
import { createVendorMarketDataProvider } from "@/lib/market-data/vendor-provider";

/**
 * Real vendors when a Rentcast key is configured (plus Zillow for listings and sales with a RapidAPI
 * key); otherwise the local sample provider, whose data is labelled "sample" on the campaign page and
 * in the email. Production never gets here without keys (lib/env.ts refuses to start).
 */
export function createMarketDataProvider(
  vendors: AppConfig["vendors"],
  log: Logger,
  db: PrismaClient,
): MarketDataProvider {
  if (!vendors.rentcast) {
    if (vendors.zillow) log.warn("RAPIDAPI_KEY is set but RENTCAST_API_KEY is not: using sample market data");
    return createSampleMarketDataProvider();
  }
  return createVendorMarketDataProvider({
    rentcast: createRentcastClient(vendors.rentcast, log.child({ vendor: "rentcast" }), {
      // Rentcast's limit is per key: every worker process on the key shares one schedule.
      sharedLimit: createSharedRateLimit(
        db,
        "rentcast",
        vendors.rentcast.apiKey,
        vendors.rentcast.requestsPerSecond,
      ),
    }),
    zillow: vendors.zillow ? createZillowClient(vendors.zillow, log.child({ vendor: "zillow" })) : null,
    log,
  });
}
