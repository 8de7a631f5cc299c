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
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
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
  STRIPE_SECRET_KEY: optional,
  STRIPE_WEBHOOK_SECRET: optional,
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
  WORKERS_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(54332),
  POLLER_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
  /** A campaign in a non-dormant status this long without progress gets its event published again. */
  STUCK_AFTER_MINUTES: z.coerce
    .number()
    .min(0.05)
    .max(24 * 60)
    .default(15),
  /** How long a sender owns a claimed email; a crashed sender's email is reconciled after it. */
  SEND_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(300),
});

export type Mode = "local" | "production";

export type AppConfig = {
  mode: Mode;
  logLevel: z.infer<typeof rawEnv>["LOG_LEVEL"];
  appUrl: string;
  databaseUrl: string;
  /** Basic Auth of the Postmark bounce/spam webhook; undefined refuses every webhook call. */
  postmarkWebhook: { user: string; password: string } | undefined;
  /** Signs approve and unsubscribe links (APPROVAL_TOKEN_SECRET; a fixed value in local mode). */
  linkSigningSecret: string;
  /** From address of system mail (welcome, approval requests). */
  systemFromEmail: string;
  aws: {
    region: string;
    /** Set only for the local emulator; real AWS uses the SDK's default endpoints. */
    endpoint: string | undefined;
    credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
    emailBucket: string;
    resourcePrefix: string;
  };
  auth:
    | { provider: "local"; sessionSecret: string }
    | { provider: "clerk"; secretKey: string; publishableKey: string; webhookSecret: string | undefined };
  pipeline: {
    firstTimeDelayHours: number;
    minDaysBetweenEmails: number;
    prepareLeadHours: number;
    workerRoles: WorkerRole[];
    workersHealthPort: number;
    pollerIntervalMs: number;
    stuckAfterMs: number;
    sendLeaseMs: number;
  };
  integrations: {
    marketData: "sample" | "vendors";
    ai: "template" | "bedrock";
    mail: "local-outbox" | "postmark";
    billing: "off" | "stripe";
    gmail: "off" | "google";
  };
};

export const WORKER_ROLES = ["data", "ai", "email", "poller", "relay"] as const;
export type WorkerRole = (typeof WORKER_ROLES)[number];

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
} as const;

type Raw = z.infer<typeof rawEnv>;

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
    if (raw.AWS_ENDPOINT_URL)
      problems.push("AWS_ENDPOINT_URL must not be set in production (it points at an emulator)");
    if (raw.APP_URL && !raw.APP_URL.startsWith("https://")) problems.push("APP_URL must be an https:// URL");
    if (raw.TOKEN_ENCRYPTION_KEY && Buffer.from(raw.TOKEN_ENCRYPTION_KEY, "base64").length !== 32) {
      problems.push("TOKEN_ENCRYPTION_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)");
    }
    for (const name of ["APPROVAL_TOKEN_SECRET", "SESSION_SECRET"] as const) {
      const value = raw[name];
      if (value && value.length < 32) problems.push(`${name} must be at least 32 characters`);
    }
  } else if (!raw.DATABASE_URL) {
    problems.push("DATABASE_URL is missing (`npm run dev` and the tests set it for you)");
  }
  const workerRoles = parseWorkerRoles(raw.WORKER_ROLES, problems);
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
    logLevel: raw.LOG_LEVEL,
    appUrl: raw.APP_URL ?? LOCAL_DEFAULTS.appUrl,
    databaseUrl: raw.DATABASE_URL as string,
    postmarkWebhook:
      raw.POSTMARK_WEBHOOK_USER && raw.POSTMARK_WEBHOOK_PASSWORD
        ? { user: raw.POSTMARK_WEBHOOK_USER, password: raw.POSTMARK_WEBHOOK_PASSWORD }
        : undefined,
    linkSigningSecret: raw.APPROVAL_TOKEN_SECRET ?? LOCAL_DEFAULTS.linkSigningSecret,
    systemFromEmail: raw.POSTMARK_FROM_EMAIL ?? "hello@dripr.local",
    aws: {
      region: raw.AWS_REGION ?? LOCAL_DEFAULTS.region,
      endpoint,
      credentials,
      emailBucket: raw.EMAIL_BUCKET ?? LOCAL_DEFAULTS.emailBucket,
      resourcePrefix: raw.RESOURCE_PREFIX ?? "dripr",
    },
    auth:
      raw.CLERK_SECRET_KEY && raw.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY
        ? {
            provider: "clerk",
            secretKey: raw.CLERK_SECRET_KEY,
            publishableKey: raw.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY,
            webhookSecret: raw.CLERK_WEBHOOK_SIGNING_SECRET,
          }
        : { provider: "local", sessionSecret: raw.SESSION_SECRET ?? LOCAL_DEFAULTS.sessionSecret },
    pipeline: {
      firstTimeDelayHours: raw.FIRST_TIME_CAMPAIGN_DELAY_HOURS,
      minDaysBetweenEmails: raw.MIN_DAYS_BETWEEN_EMAILS,
      prepareLeadHours: raw.EMAIL_PREPARE_LEAD_HOURS,
      workerRoles,
      workersHealthPort: raw.WORKERS_HEALTH_PORT,
      pollerIntervalMs: raw.POLLER_INTERVAL_MS,
      stuckAfterMs: raw.STUCK_AFTER_MINUTES * 60_000,
      sendLeaseMs: raw.SEND_LEASE_SECONDS * 1000,
    },
    integrations: {
      marketData: raw.RENTCAST_API_KEY ? "vendors" : "sample",
      ai: raw.BEDROCK_MODEL_ID ? "bedrock" : "template",
      mail: raw.POSTMARK_SERVER_TOKEN ? "postmark" : "local-outbox",
      billing: raw.STRIPE_SECRET_KEY ? "stripe" : "off",
      gmail: raw.GOOGLE_CLIENT_ID && raw.GOOGLE_CLIENT_SECRET ? "google" : "off",
    },
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
