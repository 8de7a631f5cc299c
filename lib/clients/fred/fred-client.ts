import { z } from "zod";
import { createVendorHttp, type VendorHttpOptions } from "@/lib/clients/http/vendor-http";
import type { Logger } from "@/lib/logger";

/**
 * FRED (Federal Reserve Bank of St. Louis): weekly observations of a series, newest first. Values
 * arrive as strings, "." when missing (skipped). FRED allows about 120 requests a minute per key.
 */

export type FredConfig = { apiKey: string; baseUrl: string; timeoutMs: number; retries: number };

const fredObservations = z.object({
  observations: z.array(z.object({ date: z.iso.date(), value: z.string() })),
});

export type Observation = { date: string; value: number };

export function createFredClient(
  config: FredConfig,
  log: Logger,
  overrides: Partial<VendorHttpOptions> = {},
) {
  const http = createVendorHttp({
    vendor: "FRED",
    baseUrl: config.baseUrl,
    headers: {},
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    requestsPerSecond: 2,
    log,
    ...overrides,
  });
  return {
    /** The latest `limit` observations of `seriesId`, newest first, missing values left out. */
    async getObservations(seriesId: string, limit: number): Promise<Observation[]> {
      const body = await http.getJson(
        "/series/observations",
        { series_id: seriesId, api_key: config.apiKey, file_type: "json", sort_order: "desc", limit },
        fredObservations,
      );
      return body.observations
        .map((o) => ({ date: o.date, value: Number(o.value) }))
        .filter((o) => o.value > 0 && Number.isFinite(o.value));
    },
  };
}
