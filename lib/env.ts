import { availableParallelism } from "node:os";
import { z } from "zod";

/**
 * The only module that reads `process.env`. Configuration is validated lazily, on first use, so
 * `next build` can collect pages without a database URL.
 *
 * Two modes (DESIGN.md §9):
 * - `local`: every external integration may fall back to its local implementation.
 * - `production`: refuses any local fallback or missing secret and names every missing variable.
 *
 * Mode is `DRIPR_MODE` when set, otherwise `production` when NODE_ENV=production, otherwise `local`.
 * (The browser tests run a production build with DRIPR_MODE=local.)
 */

const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

const rawEnv = z.object({
  NODE_ENV: optional,
  DRIPR_MODE: z.enum(["local", "production"]).optional(),
  /** `1`: a production smoke run against loopback stand-ins (npm run smoke:production, DESIGN §9). */
  DRIPR_SMOKE_RUN: z.enum(["0", "1"]).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  APP_URL: optional,
  DATABASE_URL: optional,
  // AWS (SNS/SQS/S3/Bedrock). Locally these point at the fauxqs emulator.
  AWS_REGION: optional,
  AWS_ENDPOINT_URL: optional,
  AWS_ACCESS_KEY_ID: optional,
  AWS_SECRET_ACCESS_KEY: optional,
  EMAIL_BUCKET: optional,
  RESOURCE_PREFIX: optional,
  // secrets of our own
  SESSION_SECRET: optional,
  APPROVAL_TOKEN_SECRET: optional,
  TOKEN_ENCRYPTION_KEY: optional,
  // integrations: each is "configured" when its credentials are present
  CLERK_SECRET_KEY: optional,
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: optional,
  CLERK_WEBHOOK_SIGNING_SECRET: optional,
  /** PEM public key of the Clerk instance (Dashboard → API keys → JWT public key): networkless sessions. */
  CLERK_JWT_KEY: optional,
  /** Clerk's Backend API base URL; only tests and the smoke run set it (a local wire-format server). */
  CLERK_API_URL: optional.pipe(z.url().optional()),
  /** How long a magic sign-in link works (hours; Clerk's sign-in tokens are single use). */
  CLERK_SIGN_IN_LINK_TTL_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 30)
    .default(24 * 7),
  STRIPE_SECRET_KEY: optional,
  STRIPE_WEBHOOK_SECRET: optional,
  /** Stripe's API base; only tests set it (a local wire-format server, http://127.0.0.1:port). */
  STRIPE_API_URL: optional.pipe(z.url().optional()),
  // Stripe price ids of the plans (lib/billing/plans.ts); yearly ones only when those prices exist
  STRIPE_PRICE_SOLO_MONTHLY: optional,
  STRIPE_PRICE_SOLO_YEARLY: optional,
  STRIPE_PRICE_PRO_MONTHLY: optional,
  STRIPE_PRICE_PRO_YEARLY: optional,
  /** Free trial of a first subscription, in days; 0 = none. */
  STRIPE_TRIAL_DAYS: z.coerce.number().int().min(0).max(730).default(0),
  /** How long a past-due subscription keeps campaigns running before billing pauses them. */
  BILLING_PAST_DUE_GRACE_DAYS: z.coerce.number().min(0).max(60).default(7),
  POSTMARK_SERVER_TOKEN: optional,
  POSTMARK_WEBHOOK_USER: optional,
  POSTMARK_WEBHOOK_PASSWORD: optional,
  POSTMARK_FROM_EMAIL: optional,
  GOOGLE_CLIENT_ID: optional,
  GOOGLE_CLIENT_SECRET: optional,
  RENTCAST_API_KEY: optional,
  RAPIDAPI_KEY: optional,
  FRED_API_KEY: optional,
  BEDROCK_MODEL_ID: optional,
  /** Another Bedrock Runtime endpoint (tests point it at a local HTTP/2 server speaking Converse). */
  BEDROCK_ENDPOINT_URL: optional.pipe(z.url().optional()),
  BEDROCK_REGION: optional,
  /** Attempts per Bedrock call (the SDK backs off between them, longer after throttling). */
  BEDROCK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  /** One attempt's timeout; a whole call (every attempt) is cut off at this × attempts + 5 s. */
  BEDROCK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(20_000),
  /** Bedrock calls in flight at once per worker process. */
  BEDROCK_MAX_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  // market and property data vendors (base URLs are configurable so tests can point at local servers)
  RENTCAST_BASE_URL: z.url().default("https://api.rentcast.io/v1"),
  /** Rentcast allows 20 requests/s per key; every worker process on the key shares this schedule. */
  RENTCAST_REQUESTS_PER_SECOND: z.coerce.number().positive().max(1000).default(20),
  ZILLOW_PRIMARY: z.enum(["zillow-v1", "zillow-v2"]).optional(),
  ZILLOW_V1_BASE_URL: optional.pipe(z.url().optional()),
  ZILLOW_V1_HOST: z.string().default("zillow-com1.p.rapidapi.com"),
  ZILLOW_V2_BASE_URL: optional.pipe(z.url().optional()),
  ZILLOW_V2_HOST: z.string().default("zillow56.p.rapidapi.com"),
  ZILLOW_REQUESTS_PER_SECOND: z.coerce.number().positive().max(1000).default(2),
  FRED_BASE_URL: z.url().default("https://api.stlouisfed.org/fred"),
  VENDOR_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  VENDOR_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  // pipeline (DESIGN.md §4–§5)
  FIRST_TIME_CAMPAIGN_DELAY_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 14)
    .default(24),
  MIN_DAYS_BETWEEN_EMAILS: z.coerce.number().int().min(0).max(27).default(14),
  EMAIL_PREPARE_LEAD_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 14)
    .default(48),
  WORKER_ROLES: z.string().default("all"),
  WORKER_PROCESSES: z.string().default("auto"),
  WORKERS_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(54332),
  CRON_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(54333),
  POLLER_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
  /** A campaign in a non-dormant status this long without progress gets its event published again. */
  STUCK_AFTER_MINUTES: z.coerce
    .number()
    .min(0.05)
    .max(24 * 60)
    .default(15),
  /** How long a sender owns a claimed email; a crashed sender's email is reconciled after it. */
  SEND_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(300),
  /** One Gmail request (token refresh or send); all attempts of a send must fit in half the lease. */
  GMAIL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** One Postmark request; likewise. */
  POSTMARK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** In-process retries of a refused send, and their backoff (send-time-budget.ts). */
  SEND_RETRIES: z.coerce.number().int().min(0).max(10).default(DEFAULT_RETRY_POLICY.retries),
  SEND_RETRY_MIN_MS: z.coerce.number().int().min(10).max(60_000).default(DEFAULT_RETRY_POLICY.minTimeoutMs),
  SEND_RETRY_MAX_WAIT_MS: z.coerce.number().int().min(0).max(600_000).default(DEFAULT_RETRY_POLICY.maxWaitMs),
  // delivery (DESIGN.md §7). The *_URL overrides point the vendor clients at local test servers.
  POSTMARK_API_URL: optional,
  POSTMARK_BROADCAST_STREAM: z.string().trim().min(1).default("broadcast"),
  POSTMARK_TRANSACTIONAL_STREAM: z.string().trim().min(1).default("outbound"),
  GOOGLE_OAUTH_AUTH_URL: optional,
  GOOGLE_OAUTH_TOKEN_URL: optional,
  GOOGLE_OAUTH_REVOKE_URL: optional,
  GMAIL_API_URL: optional,
  /** Also request gmail.readonly, so a Gmail send interrupted by a crash can be looked up. */
  GMAIL_SEARCH_SCOPE: z.enum(["on", "off"]).default("off"),
  GMAIL_DAILY_LIMIT: z.coerce.number().int().min(1).max(10_000).default(500),
  GMAIL_PER_MINUTE_LIMIT: z.coerce.number().int().min(1).max(150).default(20),
});

import { PLANS, type PlanKey, type PlanPrices } from "@/lib/billing/plans";
import { DEFAULT_RETRY_POLICY, sendLeaseProblem } from "@/lib/delivery/send-time-budget";
import {
  type AppConfig,
  type BillingConfig,
  LOG_LEVELS,
  type Mode,
  WORKER_ROLES,
  type WorkerRole,
} from "@/lib/env-types";

export {
  type AppConfig,
  type BedrockConfig,
  type BillingConfig,
  type ClerkAuthConfig,
  type LocalAuthConfig,
  type Mode,
  WORKER_ROLES,
  type WorkerRole,
} from "@/lib/env-types";

/** `all` or a comma-separated subset of WORKER_ROLES; unknown names are reported. */
function parseWorkerRoles(value: string, problems: string[]): WorkerRole[] {
  const names = value
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0 || names.includes("all")) return [...WORKER_ROLES];
  const unknown = names.filter((name) => !(WORKER_ROLES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    problems.push(
      `WORKER_ROLES has unknown roles ${unknown.join(", ")} (use all or ${WORKER_ROLES.join(", ")})`,
    );
  }
  return WORKER_ROLES.filter((role) => names.includes(role));
}

/**
 * `auto` (one per CPU the process may use) or a count: the worker processes the workers container's
 * supervisor runs (workers/supervisor.ts). Node runs JavaScript on one core per process.
 */
function parseWorkerProcesses(value: string, problems: string[]): number {
  const trimmed = value.trim();
  if (trimmed === "auto" || trimmed === "") return availableParallelism();
  const count = Number(trimmed);
  if (!Number.isInteger(count) || count < 1 || count > 64) {
    problems.push(`WORKER_PROCESSES must be auto or a whole number from 1 to 64 (got "${value}")`);
    return 1;
  }
  return count;
}

export class ConfigError extends Error {
  constructor(
    readonly mode: Mode,
    readonly problems: string[],
  ) {
    super(`Invalid ${mode} configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Defaults of the local stack started by `npm run dev` (scripts/dev.ts uses the same ports). */
export const LOCAL_DEFAULTS = {
  appUrl: "http://localhost:3000",
  awsEndpoint: "http://127.0.0.1:54331",
  region: "us-east-1",
  emailBucket: "dripr-local-emails",
  // Only ever used in local mode; production refuses to start without its own secrets.
  sessionSecret: "dripr-local-development-session-secret",
  linkSigningSecret: "dripr-local-development-link-signing-secret",
  tokenEncryptionKey: "ZHJpcHItbG9jYWwtZGV2LXRva2VuLWtleS0zMmJ5dGU=",
} as const;

type Raw = z.infer<typeof rawEnv>;

/** The development secrets in this file: never accepted as production secrets. */
const COMMITTED_SECRETS: ReadonlyArray<[keyof Raw, string]> = [
  ["SESSION_SECRET", LOCAL_DEFAULTS.sessionSecret],
  ["APPROVAL_TOKEN_SECRET", LOCAL_DEFAULTS.linkSigningSecret],
  ["TOKEN_ENCRYPTION_KEY", LOCAL_DEFAULTS.tokenEncryptionKey],
];

/** localhost, 127.0.0.0/8 or [::1]: reachable from this machine only. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
  } catch {
    return false;
  }
}

/**
 * A production build (NODE_ENV=production, as every image runs) must never serve password-less
 * local sign-in or the committed development secrets to a network (DESIGN.md §9). Local mode is
 * allowed there only with an explicit loopback APP_URL: how the browser tests run the build.
 */
function passwordLessRefusals(raw: Raw, mode: Mode): string[] {
  if (mode !== "local") return [];
  if (!raw.APP_URL) {
    return [
      "DRIPR_MODE=local in a production build needs APP_URL set to a loopback address (http://127.0.0.1:…): local mode signs in without a password and uses the committed development secrets",
    ];
  }
  if (!isLoopbackUrl(raw.APP_URL)) {
    return [
      `DRIPR_MODE=local is refused in a production build when APP_URL is not a loopback address (got ${raw.APP_URL}): local mode signs in without a password and uses the committed development secrets. Use DRIPR_MODE=production with real secrets`,
    ];
  }
  return [];
}

/** Secrets production needs, grouped by what they enable; every missing one is reported. */
const PRODUCTION_REQUIRED: ReadonlyArray<[keyof Raw, string]> = [
  ["DATABASE_URL", "PostgreSQL connection string"],
  ["APP_URL", "public https URL of the app (links in emails)"],
  ["AWS_REGION", "AWS region for SNS/SQS/S3/Bedrock"],
  ["EMAIL_BUCKET", "S3 bucket for rendered emails"],
  ["APPROVAL_TOKEN_SECRET", "signs one-click approve and unsubscribe links"],
  ["TOKEN_ENCRYPTION_KEY", "encrypts Gmail refresh tokens at rest"],
  ["CLERK_SECRET_KEY", "Clerk authentication (local sign-in is refused in production)"],
  ["NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY", "Clerk authentication"],
  ["CLERK_WEBHOOK_SIGNING_SECRET", "verifies Clerk webhooks"],
  ["STRIPE_SECRET_KEY", "billing"],
  ["STRIPE_WEBHOOK_SECRET", "verifies Stripe webhooks"],
  ["POSTMARK_SERVER_TOKEN", "system mail and fallback sending (the local outbox is refused)"],
  ["POSTMARK_FROM_EMAIL", "sender address of system mail"],
  ["POSTMARK_WEBHOOK_USER", "Basic Auth of the Postmark bounce webhook"],
  ["POSTMARK_WEBHOOK_PASSWORD", "Basic Auth of the Postmark bounce webhook"],
  ["GOOGLE_CLIENT_ID", "Gmail OAuth"],
  ["GOOGLE_CLIENT_SECRET", "Gmail OAuth"],
  ["RENTCAST_API_KEY", "market data and valuations (sample data is refused)"],
  ["RAPIDAPI_KEY", "Zillow data"],
  ["FRED_API_KEY", "mortgage rates"],
  ["BEDROCK_MODEL_ID", "AI writer (the built-in template writer is refused)"],
];

/** Variables that point a client at another endpoint than the vendor's own (tests, smoke runs). */
const TEST_ONLY_ENDPOINTS = [
  "AWS_ENDPOINT_URL",
  "CLERK_API_URL",
  "POSTMARK_API_URL",
  "GOOGLE_OAUTH_AUTH_URL",
  "GOOGLE_OAUTH_TOKEN_URL",
  "GOOGLE_OAUTH_REVOKE_URL",
  "GMAIL_API_URL",
  "STRIPE_API_URL",
] as const;
/** Of those, the ones production refuses outright (Google's revoke and Gmail URLs stay open). */
const REFUSED_IN_PRODUCTION = [
  "POSTMARK_API_URL",
  "GOOGLE_OAUTH_AUTH_URL",
  "GOOGLE_OAUTH_TOKEN_URL",
  "CLERK_API_URL",
  "STRIPE_API_URL",
] as const;
/** Vendor base URLs production may change, over https only. */
const HTTPS_ENDPOINTS = [
  "RENTCAST_BASE_URL",
  "ZILLOW_V1_BASE_URL",
  "ZILLOW_V2_BASE_URL",
  "FRED_BASE_URL",
  "BEDROCK_ENDPOINT_URL",
] as const;

/** Production: no test endpoint at all, vendor endpoints over https. */
function endpointRefusals(raw: Raw): string[] {
  const problems: string[] = [];
  if (raw.AWS_ENDPOINT_URL)
    problems.push("AWS_ENDPOINT_URL must not be set in production (it points at an emulator)");
  if (raw.APP_URL && !raw.APP_URL.startsWith("https://")) problems.push("APP_URL must be an https:// URL");
  for (const name of REFUSED_IN_PRODUCTION) {
    if (raw[name]) problems.push(`${name} must not be set in production (it points at a test server)`);
  }
  for (const name of HTTPS_ENDPOINTS) {
    const value = raw[name];
    if (value && !value.startsWith("https://"))
      problems.push(
        name === "BEDROCK_ENDPOINT_URL"
          ? "BEDROCK_ENDPOINT_URL must be an https:// URL in production (or unset)"
          : `${name} must be an https:// URL`,
      );
  }
  return problems;
}

/**
 * A production smoke run: every endpoint variable must point at a stand-in on loopback (an unset
 * one would mean the real vendor), and the app and the database must be on loopback too, so nothing
 * of a smoke run is reachable from, or reaches, a network.
 */
function smokeRunRefusals(raw: Raw): string[] {
  const problems: string[] = [];
  for (const name of ["APP_URL", "DATABASE_URL"] as const) {
    const value = raw[name];
    if (value && !isLoopbackUrl(value))
      problems.push(`${name} must be a loopback address in a smoke run (DRIPR_SMOKE_RUN=1), got ${value}`);
  }
  for (const name of [...TEST_ONLY_ENDPOINTS, ...HTTPS_ENDPOINTS] as const) {
    const value = raw[name];
    if (!value)
      problems.push(
        `${name} must be set to a loopback stand-in in a smoke run (unset means the real vendor)`,
      );
    else if (!isLoopbackUrl(value))
      problems.push(`${name} must be a loopback address in a smoke run (DRIPR_SMOKE_RUN=1), got ${value}`);
  }
  return problems;
}

/** The endpoint variables of a (validated) smoke run, for its loud start-up line. */
function smokeRunOverrides(raw: Raw): Record<string, string> {
  return Object.fromEntries(
    [...TEST_ONLY_ENDPOINTS, ...HTTPS_ENDPOINTS].map((name) => [name, raw[name] ?? ""]),
  );
}

export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const parsed = rawEnv.safeParse(env);
  const fallbackMode: Mode =
    env.DRIPR_MODE === "production" || env.NODE_ENV === "production" ? "production" : "local";
  if (!parsed.success) {
    throw new ConfigError(
      fallbackMode,
      parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
    );
  }
  const raw = parsed.data;
  const mode: Mode = raw.DRIPR_MODE ?? (raw.NODE_ENV === "production" ? "production" : "local");
  const problems: string[] = [];

  if (mode === "production") {
    for (const [name, why] of PRODUCTION_REQUIRED) {
      if (!raw[name]) problems.push(`${name} is missing (${why})`);
    }
    if (raw.DRIPR_SMOKE_RUN === "1") problems.push(...smokeRunRefusals(raw));
    else problems.push(...endpointRefusals(raw));
    for (const name of ["APPROVAL_TOKEN_SECRET", "SESSION_SECRET"] as const) {
      const value = raw[name];
      if (value && value.length < 32) problems.push(`${name} must be at least 32 characters`);
    }
  } else if (!raw.DATABASE_URL) {
    problems.push("DATABASE_URL is missing (`npm run dev` and the tests set it for you)");
  }
  if (raw.NODE_ENV === "production") problems.push(...passwordLessRefusals(raw, mode));
  if (raw.DRIPR_SMOKE_RUN === "1" && mode !== "production")
    problems.push(
      "DRIPR_SMOKE_RUN=1 is a production smoke run: it needs production mode (NODE_ENV=production)",
    );
  for (const [name, value] of COMMITTED_SECRETS) {
    if (mode === "production" && raw[name] === value)
      problems.push(`${name} is the committed development value; generate a secret of your own`);
  }
  if (raw.TOKEN_ENCRYPTION_KEY && Buffer.from(raw.TOKEN_ENCRYPTION_KEY, "base64").length !== 32) {
    problems.push("TOKEN_ENCRYPTION_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)");
  }
  const retryPolicy = {
    retries: raw.SEND_RETRIES,
    minTimeoutMs: raw.SEND_RETRY_MIN_MS,
    maxWaitMs: raw.SEND_RETRY_MAX_WAIT_MS,
  };
  const leaseProblem = sendLeaseProblem(
    raw.SEND_LEASE_SECONDS * 1000,
    { gmailTimeoutMs: raw.GMAIL_TIMEOUT_MS, postmarkTimeoutMs: raw.POSTMARK_TIMEOUT_MS },
    retryPolicy,
  );
  if (leaseProblem) problems.push(leaseProblem);
  problems.push(...billingProblems(raw));
  const workerRoles = parseWorkerRoles(raw.WORKER_ROLES, problems);
  const workerProcesses = parseWorkerProcesses(raw.WORKER_PROCESSES, problems);
  if (problems.length > 0) throw new ConfigError(mode, problems);

  const local = mode === "local";
  const endpoint = raw.AWS_ENDPOINT_URL ?? (local ? LOCAL_DEFAULTS.awsEndpoint : undefined);
  const credentials =
    raw.AWS_ACCESS_KEY_ID && raw.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: raw.AWS_ACCESS_KEY_ID, secretAccessKey: raw.AWS_SECRET_ACCESS_KEY }
      : endpoint
        ? { accessKeyId: "local", secretAccessKey: "local" }
        : undefined;

  return {
    mode,
    ...(raw.DRIPR_SMOKE_RUN === "1" ? { smokeRun: { overrides: smokeRunOverrides(raw) } } : {}),
    logLevel: raw.LOG_LEVEL,
    appUrl: raw.APP_URL ?? LOCAL_DEFAULTS.appUrl,
    databaseUrl: raw.DATABASE_URL as string,
    postmarkWebhook:
      raw.POSTMARK_WEBHOOK_USER && raw.POSTMARK_WEBHOOK_PASSWORD
        ? { user: raw.POSTMARK_WEBHOOK_USER, password: raw.POSTMARK_WEBHOOK_PASSWORD }
        : undefined,
    linkSigningSecret: raw.APPROVAL_TOKEN_SECRET ?? LOCAL_DEFAULTS.linkSigningSecret,
    systemFromEmail: raw.POSTMARK_FROM_EMAIL ?? "hello@dripr.local",
    tokenEncryptionKey: Buffer.from(raw.TOKEN_ENCRYPTION_KEY ?? LOCAL_DEFAULTS.tokenEncryptionKey, "base64"),
    delivery: {
      postmark: {
        serverToken: raw.POSTMARK_SERVER_TOKEN,
        apiUrl: raw.POSTMARK_API_URL,
        broadcastStream: raw.POSTMARK_BROADCAST_STREAM,
        transactionalStream: raw.POSTMARK_TRANSACTIONAL_STREAM,
        timeoutMs: raw.POSTMARK_TIMEOUT_MS,
      },
      google: {
        clientId: raw.GOOGLE_CLIENT_ID,
        clientSecret: raw.GOOGLE_CLIENT_SECRET,
        redirectUrl: new URL("/api/gmail/oauth/callback", raw.APP_URL ?? LOCAL_DEFAULTS.appUrl).toString(),
        authUrl: raw.GOOGLE_OAUTH_AUTH_URL,
        tokenUrl: raw.GOOGLE_OAUTH_TOKEN_URL,
        revokeUrl: raw.GOOGLE_OAUTH_REVOKE_URL,
        gmailApiUrl: raw.GMAIL_API_URL,
        searchScope: raw.GMAIL_SEARCH_SCOPE === "on",
        timeoutMs: raw.GMAIL_TIMEOUT_MS,
      },
      gmailLimits: { perDay: raw.GMAIL_DAILY_LIMIT, perMinute: raw.GMAIL_PER_MINUTE_LIMIT },
      retryPolicy,
    },
    aws: {
      region: raw.AWS_REGION ?? LOCAL_DEFAULTS.region,
      endpoint,
      credentials,
      emailBucket: raw.EMAIL_BUCKET ?? LOCAL_DEFAULTS.emailBucket,
      resourcePrefix: raw.RESOURCE_PREFIX ?? "dripr",
    },
    auth: authConfig(raw),
    billing: billingConfig(raw),
    pipeline: {
      firstTimeDelayHours: raw.FIRST_TIME_CAMPAIGN_DELAY_HOURS,
      minDaysBetweenEmails: raw.MIN_DAYS_BETWEEN_EMAILS,
      prepareLeadHours: raw.EMAIL_PREPARE_LEAD_HOURS,
      workerRoles,
      workerProcesses,
      workersHealthPort: raw.WORKERS_HEALTH_PORT,
      cronHealthPort: raw.CRON_HEALTH_PORT,
      pollerIntervalMs: raw.POLLER_INTERVAL_MS,
      stuckAfterMs: raw.STUCK_AFTER_MINUTES * 60_000,
      sendLeaseMs: raw.SEND_LEASE_SECONDS * 1000,
    },
    vendors: vendorsConfig(raw),
    integrations: {
      marketData: raw.RENTCAST_API_KEY ? "vendors" : "sample",
      ai: raw.BEDROCK_MODEL_ID ? "bedrock" : "template",
      mail: raw.POSTMARK_SERVER_TOKEN ? "postmark" : "local-outbox",
      billing: raw.STRIPE_SECRET_KEY ? "stripe" : "off",
      gmail: raw.GOOGLE_CLIENT_ID && raw.GOOGLE_CLIENT_SECRET ? "google" : "off",
    },
    bedrock: raw.BEDROCK_MODEL_ID
      ? {
          modelId: raw.BEDROCK_MODEL_ID,
          region: raw.BEDROCK_REGION ?? raw.AWS_REGION ?? LOCAL_DEFAULTS.region,
          endpoint: raw.BEDROCK_ENDPOINT_URL,
          // The emulator's dummy keys are not Bedrock's: without explicit keys the SDK's default
          // chain is used, except against an endpoint override (a local server needs no real keys).
          credentials:
            raw.AWS_ACCESS_KEY_ID && raw.AWS_SECRET_ACCESS_KEY
              ? { accessKeyId: raw.AWS_ACCESS_KEY_ID, secretAccessKey: raw.AWS_SECRET_ACCESS_KEY }
              : raw.BEDROCK_ENDPOINT_URL
                ? { accessKeyId: "local", secretAccessKey: "local" }
                : undefined,
          maxAttempts: raw.BEDROCK_MAX_ATTEMPTS,
          timeoutMs: raw.BEDROCK_TIMEOUT_MS,
          maxConcurrency: raw.BEDROCK_MAX_CONCURRENCY,
        }
      : undefined,
  };
}

function authConfig(raw: Raw): AppConfig["auth"] {
  if (!raw.CLERK_SECRET_KEY || !raw.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY) {
    return { provider: "local", sessionSecret: raw.SESSION_SECRET ?? LOCAL_DEFAULTS.sessionSecret };
  }
  return {
    provider: "clerk",
    secretKey: raw.CLERK_SECRET_KEY,
    publishableKey: raw.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY,
    webhookSecret: raw.CLERK_WEBHOOK_SIGNING_SECRET,
    // A PEM pasted into an .env file often arrives with literal "\n": the SDK would reject it.
    jwtKey: raw.CLERK_JWT_KEY?.replaceAll("\\n", "\n"),
    apiUrl: raw.CLERK_API_URL,
    authorizedParties: [new URL(raw.APP_URL ?? LOCAL_DEFAULTS.appUrl).origin],
    signInLinkTtlSeconds: Math.round(raw.CLERK_SIGN_IN_LINK_TTL_HOURS * 3600),
  };
}

/** Each plan's monthly price is needed to sell it once Stripe is on (any mode). */
function billingProblems(raw: Raw): string[] {
  if (!raw.STRIPE_SECRET_KEY) return [];
  const missing: string[] = [];
  for (const plan of PLANS) {
    const name = `STRIPE_PRICE_${plan.key.toUpperCase()}_MONTHLY` as keyof Raw;
    if (!raw[name])
      missing.push(`${name} is missing (Stripe price id of the ${plan.name} plan, billed monthly)`);
  }
  return missing;
}

function billingConfig(raw: Raw): AppConfig["billing"] {
  if (!raw.STRIPE_SECRET_KEY) return undefined;
  const price = (plan: PlanKey, interval: "MONTHLY" | "YEARLY") =>
    raw[`STRIPE_PRICE_${plan.toUpperCase()}_${interval}` as keyof Raw] as string | undefined;
  const prices = Object.fromEntries(
    PLANS.map((plan) => [
      plan.key,
      { monthly: price(plan.key, "MONTHLY") as string, yearly: price(plan.key, "YEARLY") },
    ]),
  ) as PlanPrices;
  return {
    secretKey: raw.STRIPE_SECRET_KEY,
    webhookSecret: raw.STRIPE_WEBHOOK_SECRET,
    prices,
    trialDays: raw.STRIPE_TRIAL_DAYS,
    pastDueGraceDays: raw.BILLING_PAST_DUE_GRACE_DAYS,
    api: raw.STRIPE_API_URL ? stripeApi(raw.STRIPE_API_URL) : undefined,
  };
}

/** The SDK takes a host, port and protocol (its path is always /v1/…), not a URL. */
function stripeApi(url: string): NonNullable<BillingConfig["api"]> {
  const parsed = new URL(url);
  const protocol = parsed.protocol === "http:" ? "http" : "https";
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : protocol === "http" ? 80 : 443,
    protocol,
  };
}

function vendorsConfig(raw: Raw): AppConfig["vendors"] {
  const http = { timeoutMs: raw.VENDOR_TIMEOUT_MS, retries: raw.VENDOR_RETRIES };
  return {
    rentcast: raw.RENTCAST_API_KEY
      ? {
          apiKey: raw.RENTCAST_API_KEY,
          baseUrl: raw.RENTCAST_BASE_URL,
          requestsPerSecond: raw.RENTCAST_REQUESTS_PER_SECOND,
          ...http,
        }
      : null,
    zillow: raw.RAPIDAPI_KEY
      ? {
          apiKey: raw.RAPIDAPI_KEY,
          primary: raw.ZILLOW_PRIMARY,
          v1: {
            baseUrl: raw.ZILLOW_V1_BASE_URL ?? `https://${raw.ZILLOW_V1_HOST}`,
            host: raw.ZILLOW_V1_HOST,
          },
          v2: {
            baseUrl: raw.ZILLOW_V2_BASE_URL ?? `https://${raw.ZILLOW_V2_HOST}`,
            host: raw.ZILLOW_V2_HOST,
          },
          requestsPerSecond: raw.ZILLOW_REQUESTS_PER_SECOND,
          ...http,
        }
      : null,
    fred: raw.FRED_API_KEY ? { apiKey: raw.FRED_API_KEY, baseUrl: raw.FRED_BASE_URL, ...http } : null,
  };
}

let cached: AppConfig | undefined;

/** The validated configuration of this process (parsed once). */
export function getConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Log level without validating the rest, so the logger works before (and while) config fails. */
export function readLogLevel(): string {
  return process.env.LOG_LEVEL ?? "info";
}
