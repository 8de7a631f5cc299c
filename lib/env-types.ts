import type { PlanPrices } from "@/lib/billing/plans";

/**
 * The shape of the validated configuration (lib/env.ts parses the environment into it; only that
 * file reads process.env).
 */

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export const WORKER_ROLES = ["data", "ai", "email", "poller", "relay"] as const;
export type WorkerRole = (typeof WORKER_ROLES)[number];

export type Mode = "local" | "production";

export type AppConfig = {
  mode: Mode;
  /**
   * Set in a production smoke run (DRIPR_SMOKE_RUN=1, `npm run smoke:production`): production mode
   * with these endpoint variables pointed at loopback stand-ins, every one of them checked.
   */
  smokeRun?: { overrides: Record<string, string> };
  logLevel: (typeof LOG_LEVELS)[number];
  appUrl: string;
  databaseUrl: string;
  /** Basic Auth of the Postmark bounce/spam webhook; undefined refuses every webhook call. */
  postmarkWebhook: { user: string; password: string } | undefined;
  /** Signs approve and unsubscribe links (APPROVAL_TOKEN_SECRET; a fixed value in local mode). */
  linkSigningSecret: string;
  /** From address of system mail (welcome, approval requests). */
  systemFromEmail: string;
  /** AES-256-GCM key for Gmail tokens at rest (TOKEN_ENCRYPTION_KEY; a fixed key in local mode). */
  tokenEncryptionKey: Buffer;
  delivery: {
    postmark: {
      serverToken: string | undefined;
      /** `http://127.0.0.1:1234` for a local test server; undefined = api.postmarkapp.com. */
      apiUrl: string | undefined;
      broadcastStream: string;
      transactionalStream: string;
      /** One request's timeout (POSTMARK_TIMEOUT_MS). */
      timeoutMs: number;
    };
    google: {
      clientId: string | undefined;
      clientSecret: string | undefined;
      /** Where Google sends the agent back: `${APP_URL}/api/gmail/oauth/callback`. */
      redirectUrl: string;
      authUrl: string | undefined;
      tokenUrl: string | undefined;
      revokeUrl: string | undefined;
      gmailApiUrl: string | undefined;
      searchScope: boolean;
      /** One request's timeout, token refresh or send (GMAIL_TIMEOUT_MS). */
      timeoutMs: number;
    };
    gmailLimits: { perDay: number; perMinute: number };
    /** In-process retries of a refused send (SEND_RETRIES, SEND_RETRY_MIN_MS, SEND_RETRY_MAX_WAIT_MS). */
    retryPolicy: { retries: number; minTimeoutMs: number; maxWaitMs: number };
  };
  aws: {
    region: string;
    /** Set only for the local emulator; real AWS uses the SDK's default endpoints. */
    endpoint: string | undefined;
    credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
    emailBucket: string;
    resourcePrefix: string;
  };
  auth: LocalAuthConfig | ClerkAuthConfig;
  pipeline: {
    firstTimeDelayHours: number;
    minDaysBetweenEmails: number;
    prepareLeadHours: number;
    workerRoles: WorkerRole[];
    /** Worker processes of the workers container (workers/supervisor.ts); WORKER_PROCESSES. */
    workerProcesses: number;
    workersHealthPort: number;
    /** The cron container's health endpoint (GET /health). */
    cronHealthPort: number;
    pollerIntervalMs: number;
    stuckAfterMs: number;
    sendLeaseMs: number;
  };
  /** Market and property data vendors; null when their key is unset (local mode uses sample data). */
  vendors: {
    rentcast: {
      apiKey: string;
      baseUrl: string;
      requestsPerSecond: number;
      timeoutMs: number;
      retries: number;
    } | null;
    zillow: {
      apiKey: string;
      /** Unset: DEFAULT_PRIMARY_SOURCE in lib/clients/zillow/create-zillow-client.ts. */
      primary: "zillow-v1" | "zillow-v2" | undefined;
      v1: { baseUrl: string; host: string };
      v2: { baseUrl: string; host: string };
      requestsPerSecond: number;
      timeoutMs: number;
      retries: number;
    } | null;
    fred: { apiKey: string; baseUrl: string; timeoutMs: number; retries: number } | null;
  };
  integrations: {
    marketData: "sample" | "vendors";
    ai: "template" | "bedrock";
    mail: "local-outbox" | "postmark";
    billing: "off" | "stripe";
    gmail: "off" | "google";
  };
  /** Stripe billing; undefined when STRIPE_SECRET_KEY is not set (billing off: nobody is gated). */
  billing: BillingConfig | undefined;
  /** The AI writer on Bedrock; undefined when BEDROCK_MODEL_ID is not set (built-in writer). */
  bedrock: BedrockConfig | undefined;
};

export type BedrockConfig = {
  modelId: string;
  region: string;
  /** Set only to point at another endpoint (a local test server); real AWS uses the SDK's default. */
  endpoint: string | undefined;
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  maxAttempts: number;
  timeoutMs: number;
  maxConcurrency: number;
};

/** Local sign-in (signed cookies): development, tests, and production builds on a loopback APP_URL. */
export type LocalAuthConfig = { provider: "local"; sessionSecret: string };

/** Clerk (DESIGN.md §8). Active whenever CLERK_SECRET_KEY and the publishable key are set. */
export type ClerkAuthConfig = {
  provider: "clerk";
  secretKey: string;
  publishableKey: string;
  /** CLERK_WEBHOOK_SIGNING_SECRET (`whsec_…`); undefined refuses every webhook delivery. */
  webhookSecret: string | undefined;
  /**
   * CLERK_JWT_KEY: the instance's PEM public key, so sessions are verified without a network call.
   * @clerk/nextjs 7 ignores the variable itself; the proxy passes it (notes/clerk-offline.md §1).
   */
  jwtKey: string | undefined;
  /** CLERK_API_URL: the Backend API's base URL (tests point it at a local server). */
  apiUrl: string | undefined;
  /** Session tokens must name one of these origins in `azp` (the app's own origin). */
  authorizedParties: string[];
  /** Lifetime of a magic sign-in link (CLERK_SIGN_IN_LINK_TTL_HOURS, default 7 days). */
  signInLinkTtlSeconds: number;
};

/** Stripe billing (DESIGN.md §8, lib/billing). Set whenever STRIPE_SECRET_KEY is. */
export type BillingConfig = {
  secretKey: string;
  /** STRIPE_WEBHOOK_SECRET (`whsec_…`); undefined refuses every webhook delivery. */
  webhookSecret: string | undefined;
  /** STRIPE_PRICE_<PLAN>_MONTHLY / _YEARLY. */
  prices: PlanPrices;
  /** STRIPE_TRIAL_DAYS: free days of an agent's first subscription; 0 = no trial. */
  trialDays: number;
  /** BILLING_PAST_DUE_GRACE_DAYS: campaigns keep running this long after an invoice goes unpaid. */
  pastDueGraceDays: number;
  /** STRIPE_API_URL split as the SDK takes it; only tests set it (refused in production). */
  api: { host: string; port: number; protocol: "http" | "https" } | undefined;
};
