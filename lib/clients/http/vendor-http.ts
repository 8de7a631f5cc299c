import pRetry, { AbortError } from "p-retry";
import pThrottle from "p-throttle";
import type { z } from "zod";
import type { Logger } from "@/lib/logger";

/**
 * The one way vendor clients (Rentcast, Zillow, FRED) call HTTP JSON APIs: a per-client rate limiter
 * (every attempt, retries included, passes it), a timeout per attempt, retries with exponential
 * backoff and jitter on 429, 5xx, timeouts and network errors (honouring Retry-After), zod validation
 * of the body (extra fields are ignored; a missing required one is a clear, non-retried error), and
 * quota headers logged. Errors name the vendor, the endpoint and what went wrong, because they end up
 * on the campaign page.
 */

export type VendorHttpOptions = {
  /** Human name used in errors and logs: "Rentcast", "Zillow (v1)", "FRED". */
  vendor: string;
  baseUrl: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff delay; doubles per retry, times a random factor in [1, 2). */
  minRetryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Gives up retrying after this long in total. */
  maxRetryTimeMs?: number;
  /** Requests per second this client may send (each attempt counts). */
  requestsPerSecond: number;
  /**
   * Waits for a slot of a limit shared with other processes using the same key
   * (shared-rate-limit.ts); the per-process limiter above still applies first.
   */
  sharedLimit?: () => Promise<void>;
  log: Logger;
  /** Response headers that carry remaining quota (logged; a low value is a warning). */
  quotaHeaders?: readonly string[];
  /** Warn when a quota header reports at most this many requests left. */
  lowQuotaWarnAt?: number;
};

export class VendorError extends Error {
  constructor(
    message: string,
    readonly vendor: string,
    readonly status: number | null,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = "VendorError";
  }
}

export type Query = Record<string, string | number | undefined>;

export type VendorHttp = {
  readonly vendor: string;
  /** GET `path` with `query`, parsed with `schema`. Rejects with a VendorError. */
  getJson<S extends z.ZodType>(path: string, query: Query, schema: S): Promise<z.output<S>>;
};

const RETRYABLE_STATUS = (status: number) => status === 429 || status === 408 || status >= 500;

export function createVendorHttp(options: VendorHttpOptions): VendorHttp {
  const { vendor, log } = options;
  const perSecond = options.requestsPerSecond;
  // Fractional rates (0.5/s) become one call per 1/rate seconds.
  const throttle =
    perSecond >= 1
      ? pThrottle({ limit: Math.floor(perSecond), interval: 1000, strict: true })
      : pThrottle({ limit: 1, interval: Math.ceil(1000 / perSecond), strict: true });
  // The timeout starts when the request leaves the rate limiter (time queued behind the limit is not
  // the vendor's fault) and covers reading the body.
  const send = throttle(async (url: string) => {
    await options.sharedLimit?.();
    const response = await fetch(url, {
      headers: { accept: "application/json", ...options.headers },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    return { response, text: await response.text() };
  });
  const base = options.baseUrl.replace(/\/+$/, "");

  async function attempt<S extends z.ZodType>(path: string, query: Query, schema: S) {
    const url = new URL(`${base}${path}`);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const what = `${vendor} GET ${path}`;
    let response: Response;
    let text: string;
    try {
      ({ response, text } = await send(url.toString()));
    } catch (error) {
      const name = error instanceof Error ? error.name : "";
      if (name === "TimeoutError" || name === "AbortError")
        throw new VendorError(`${what} timed out after ${options.timeoutMs} ms`, vendor, null, true);
      const cause = error instanceof Error ? (error.cause as Error | undefined)?.message : undefined;
      throw new VendorError(
        `${what} failed: ${cause ?? (error instanceof Error ? error.message : String(error))}`,
        vendor,
        null,
        true,
      );
    }
    logQuota(response, path);
    if (!response.ok) {
      const retryable = RETRYABLE_STATUS(response.status);
      const reason = response.status === 429 ? "rate limited" : response.statusText || "error";
      throw new VendorError(
        `${what} answered ${response.status} (${reason})${bodySnippet(text)}`,
        vendor,
        response.status,
        retryable,
        retryable ? retryAfterMs(response.headers.get("retry-after")) : null,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new VendorError(
        `${what} returned a body that is not JSON${bodySnippet(text)}`,
        vendor,
        200,
        false,
      );
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`)
        .join("; ");
      throw new VendorError(`${what} returned an unexpected response: ${issues}`, vendor, 200, false);
    }
    return parsed.data as z.output<S>;
  }

  function logQuota(response: Response, path: string) {
    const quota: Record<string, string> = {};
    for (const name of options.quotaHeaders ?? []) {
      const value = response.headers.get(name);
      if (value !== null) quota[name] = value;
    }
    if (Object.keys(quota).length === 0) return;
    const lowest = Math.min(
      ...Object.entries(quota)
        .filter(([name]) => name.includes("remaining"))
        .map(([, value]) => Number(value))
        .filter(Number.isFinite),
    );
    if (lowest <= (options.lowQuotaWarnAt ?? 100))
      log.warn({ vendor, path, quota }, "vendor quota running low");
    else log.debug({ vendor, path, quota }, "vendor quota");
  }

  return {
    vendor,
    async getJson(path, query, schema) {
      let attempts = 0;
      try {
        return await pRetry(
          async () => {
            attempts++;
            try {
              return await attempt(path, query, schema);
            } catch (error) {
              if (error instanceof VendorError && !error.retryable) throw new AbortError(error);
              throw error;
            }
          },
          {
            retries: options.retries,
            factor: 2,
            minTimeout: options.minRetryDelayMs ?? 250,
            maxTimeout: options.maxRetryDelayMs ?? 8_000,
            maxRetryTime: options.maxRetryTimeMs ?? 40_000,
            randomize: true,
            unref: true,
            onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
              log.warn(
                { vendor, path, attempt: attemptNumber, retriesLeft, err: error.message },
                "vendor request failed",
              );
              // A 429 with Retry-After: wait at least that long (on top of the backoff), capped.
              const wait = error instanceof VendorError ? error.retryAfterMs : null;
              if (wait && retriesLeft > 0) await sleep(Math.min(wait, options.maxRetryDelayMs ?? 8_000));
            },
          },
        );
      } catch (error) {
        if (error instanceof VendorError) {
          if (attempts > 1 && error.retryable) error.message += ` (gave up after ${attempts} attempts)`;
          throw error;
        }
        throw error;
      }
    },
  };
}

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function bodySnippet(text: string): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (!clean) return "";
  return `: ${clean.length > 200 ? `${clean.slice(0, 200)}…` : clean}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
