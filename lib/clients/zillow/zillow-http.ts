import { createVendorHttp, type VendorHttp } from "@/lib/clients/http/vendor-http";
import type { Logger } from "@/lib/logger";
import type { ZillowConfig } from "./types";

/** The HTTP client of one Zillow API on RapidAPI: the shared key, that API's host, Zillow's limits. */
export function createZillowHttp(config: ZillowConfig, api: "v1" | "v2", log: Logger): VendorHttp {
  return createVendorHttp({
    vendor: `Zillow (${api})`,
    baseUrl: config[api].baseUrl,
    headers: { "X-RapidAPI-Key": config.apiKey, "X-RapidAPI-Host": config[api].host },
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    requestsPerSecond: config.requestsPerSecond,
    quotaHeaders: ["x-ratelimit-requests-limit", "x-ratelimit-requests-remaining"],
    log,
  });
}
