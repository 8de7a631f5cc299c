import type { Logger } from "@/lib/logger";
import type { ZillowClient, ZillowConfig, ZillowSource } from "./types";
import { createZillowV1Client } from "./zillow-v1-client";
import { createZillowV2Client } from "./zillow-v2-client";

/**
 * The single change point for Zillow: which implementation is primary. ZILLOW_PRIMARY overrides it
 * per deployment (lib/env.ts); the other implementation is the fallback whenever the primary fails
 * (after its own retries), so a vendor-side change on one API does not stop the emails.
 */
export const DEFAULT_PRIMARY_SOURCE: ZillowSource = "zillow-v1";

const FACTORIES: Record<ZillowSource, (config: ZillowConfig, log: Logger) => ZillowClient> = {
  "zillow-v1": createZillowV1Client,
  "zillow-v2": createZillowV2Client,
};

export function createZillowClient(config: ZillowConfig, log: Logger): ZillowClient {
  const primarySource = config.primary ?? DEFAULT_PRIMARY_SOURCE;
  const fallbackSource: ZillowSource = primarySource === "zillow-v1" ? "zillow-v2" : "zillow-v1";
  const primary = FACTORIES[primarySource](config, log);
  const fallback = FACTORIES[fallbackSource](config, log);

  async function withFallback<T>(what: string, call: (client: ZillowClient) => Promise<T>): Promise<T> {
    try {
      return await call(primary);
    } catch (primaryError) {
      const first = primaryError instanceof Error ? primaryError.message : String(primaryError);
      log.warn(
        { what, primary: primarySource, fallback: fallbackSource, err: first },
        "zillow primary failed",
      );
      try {
        return await call(fallback);
      } catch (fallbackError) {
        const second = fallbackError instanceof Error ? fallbackError.message : String(fallbackError);
        throw new Error(`Zillow ${what} failed on both APIs: ${first}; then ${second}`);
      }
    }
  }

  return {
    getActiveListings: (zipCode, day) =>
      withFallback("active listings", (client) => client.getActiveListings(zipCode, day)),
    getRecentSales: (zipCode, day) =>
      withFallback("recent sales", (client) => client.getRecentSales(zipCode, day)),
  };
}
