import pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { isUnder } from "@/lib/auth/route-access";
import { logger } from "@/lib/logger";

/**
 * Rate limits on the public endpoints (issue 18), counted in PostgreSQL (rate-limiter-flexible's
 * store, table "RateLimit") so every instance of the app shares them. Each rule counts requests per
 * client address in a fixed window; over it, 429 with `Retry-After`. A counting failure (the database
 * unreachable) lets the request through and logs it: the limit protects the endpoints, it must not
 * be what takes them down.
 */

export type RateLimitRule = {
  name: string;
  /** Paths this rule counts: each prefix itself and everything under it. */
  prefixes: readonly string[];
  /** Methods counted; others pass uncounted. */
  methods: readonly string[];
  /** Requests allowed per client in each window. */
  points: number;
  windowSeconds: number;
};

export const RATE_LIMIT_RULES: readonly RateLimitRule[] = [
  // The homeowner's links: their token is the credential, so guessing is what to slow down.
  {
    name: "homeowner-links",
    prefixes: ["/approve", "/unsubscribe"],
    methods: ["GET", "POST"],
    points: 60,
    windowSeconds: 60,
  },
  // Local sign-in posts (Clerk's own sign-in runs on Clerk's servers, with Clerk's limits).
  { name: "sign-in", prefixes: ["/sign-in", "/sign-up"], methods: ["POST"], points: 30, windowSeconds: 60 },
  // Vendors retry in bursts; each delivery is verified by its signature anyway.
  { name: "webhooks", prefixes: ["/api/webhooks"], methods: ["POST"], points: 600, windowSeconds: 60 },
  // Load balancers ask every few seconds.
  { name: "health", prefixes: ["/api/health"], methods: ["GET", "HEAD"], points: 120, windowSeconds: 60 },
];

/**
 * The client's address as the load balancer saw it: the last `X-Forwarded-For` hop, which the
 * balancer in front of the app appends (any earlier hops come from the client and prove nothing).
 * Without the header (no proxy in front, e.g. locally), one shared bucket.
 */
export function clientAddress(request: Request): string {
  const hops = (request.headers.get("x-forwarded-for") ?? "").split(",").map((hop) => hop.trim());
  return hops.filter(Boolean).at(-1) ?? "direct";
}

export type RateLimiter = (request: Request) => Promise<Response | undefined>;

export function createRateLimiter(
  pool: pg.Pool,
  rules: readonly RateLimitRule[] = RATE_LIMIT_RULES,
): RateLimiter {
  const limiters = new Map(
    rules.map((rule) => [
      rule,
      new RateLimiterPostgres({
        storeClient: pool,
        storeType: "pool",
        tableName: "RateLimit",
        tableCreated: true, // by the migration, not at run time
        keyPrefix: rule.name,
        points: rule.points,
        duration: rule.windowSeconds,
      }),
    ]),
  );
  return async (request) => {
    const { pathname } = new URL(request.url);
    const rule = rules.find(
      (r) => r.methods.includes(request.method) && r.prefixes.some((prefix) => isUnder(pathname, prefix)),
    );
    const limiter = rule && limiters.get(rule);
    if (!rule || !limiter) return undefined;
    const client = clientAddress(request);
    try {
      await limiter.consume(client);
      return undefined;
    } catch (result) {
      if (!(result instanceof RateLimiterRes)) {
        logger.error(
          { rule: rule.name, error: result instanceof Error ? result.message : String(result) },
          "rate limit not counted (the request passes): the store failed",
        );
        return undefined;
      }
      const retryAfter = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
      logger.warn({ rule: rule.name, client, path: pathname }, "rate limit reached");
      return new Response(`Too many requests. Try again in ${retryAfter} seconds.`, {
        status: 429,
        headers: { "Retry-After": String(retryAfter), "Content-Type": "text/plain; charset=utf-8" },
      });
    }
  };
}

/** The app's limiter: its own small pool on the app's database (the proxy runs before any page). */
export function createAppRateLimiter(databaseUrl: string): RateLimiter {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  pool.on("error", (error) =>
    logger.warn({ error: error.message }, "rate limit pool: an idle connection closed"),
  );
  return createRateLimiter(pool);
}
