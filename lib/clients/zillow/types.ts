import type { ListingSummary, Sourced } from "@/lib/market-data/types";

/**
 * Zillow through RapidAPI (unofficial). Two interchangeable implementations read the same facts from
 * different endpoints; create-zillow-client.ts is the single place that picks the primary one
 * (DEFAULT_PRIMARY_SOURCE) and falls back to the other when it fails.
 */

export type ZillowSource = "zillow-v1" | "zillow-v2";

export interface ZillowClient {
  /** Homes for sale in the zip, newest listing first. `source` says which implementation answered. */
  getActiveListings(zipCode: string, day: string): Promise<Sourced<ListingSummary[]>>;
  /** Homes sold in the zip recently, latest sale first. */
  getRecentSales(zipCode: string, day: string): Promise<Sourced<ListingSummary[]>>;
}

export type ZillowConfig = {
  apiKey: string;
  /** Which implementation is tried first (the other is the fallback); unset: DEFAULT_PRIMARY_SOURCE. */
  primary: ZillowSource | undefined;
  v1: { baseUrl: string; host: string };
  v2: { baseUrl: string; host: string };
  requestsPerSecond: number;
  timeoutMs: number;
  retries: number;
};

/** Recent sales are homes sold within this many days. */
export const ZILLOW_RECENT_SALE_DAYS = 90;
