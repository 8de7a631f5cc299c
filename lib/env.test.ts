import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { worstSendMs } from "@/lib/delivery/send-time-budget";
import { ConfigError, parseConfig } from "@/lib/env";
import { SHORT_LEASE_ENV } from "@/test/fakes/delivery-config";

const productionSecrets = {
  DATABASE_URL: "postgresql://db.internal:5432/dripr",
  APP_URL: "https://app.dripr.com",
  AWS_REGION: "us-east-1",
  EMAIL_BUCKET: "dripr-emails",
  APPROVAL_TOKEN_SECRET: "x".repeat(40),
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  CLERK_SECRET_KEY: "sk_live_abc",
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_live_abc",
  CLERK_WEBHOOK_SIGNING_SECRET: "whsec_abc",
  STRIPE_SECRET_KEY: "sk_live_stripe",
  STRIPE_WEBHOOK_SECRET: "whsec_stripe",
  STRIPE_PRICE_SOLO_MONTHLY: "price_solo_m",
  STRIPE_PRICE_PRO_MONTHLY: "price_pro_m",
  POSTMARK_SERVER_TOKEN: "pm-token",
  POSTMARK_FROM_EMAIL: "hello@dripr.com",
  POSTMARK_WEBHOOK_USER: "postmark",
  POSTMARK_WEBHOOK_PASSWORD: "pw",
  GOOGLE_CLIENT_ID: "gid",
  GOOGLE_CLIENT_SECRET: "gsecret",
  RENTCAST_API_KEY: "rc",
  RAPIDAPI_KEY: "ra",
  FRED_API_KEY: "fred",
  BEDROCK_MODEL_ID: "anthropic.claude-sonnet",
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("parseConfig", () => {
  it("local mode falls back to every local implementation", () => {
    const config = parseConfig({ DATABASE_URL: "postgresql://localhost/dripr" });
    expect(config.mode).toBe("local");
    expect(config.auth.provider).toBe("local");
    expect(config.integrations).toEqual({
      marketData: "sample",
      ai: "template",
      mail: "local-outbox",
      billing: "off",
      gmail: "off",
    });
    expect(config.aws.endpoint).toBe("http://127.0.0.1:54331");
    expect(config.aws.credentials).toEqual({ accessKeyId: "local", secretAccessKey: "local" });
  });

  it("local mode still needs a database", () => {
    expect(problemsOf({})).toEqual([expect.stringContaining("DATABASE_URL is missing")]);
  });

  it("production names every missing secret, not just the first", () => {
    const problems = problemsOf({ NODE_ENV: "production" });
    expect(problems).toHaveLength(21);
    expect(problems).toContain(
      "CLERK_SECRET_KEY is missing (Clerk authentication (local sign-in is refused in production))",
    );
    expect(problems.some((p) => p.startsWith("POSTMARK_SERVER_TOKEN is missing"))).toBe(true);
  });

  it("production accepts a complete configuration and uses the real services", () => {
    const config = parseConfig({ NODE_ENV: "production", ...productionSecrets });
    expect(config.mode).toBe("production");
    expect(config.auth.provider).toBe("clerk");
    expect(config.aws.endpoint).toBeUndefined();
    expect(config.integrations).toEqual({
      marketData: "vendors",
      ai: "bedrock",
      mail: "postmark",
      billing: "stripe",
      gmail: "google",
    });
  });

  it("production refuses an emulator endpoint, a plain-http URL and a short key", () => {
    const problems = problemsOf({
      NODE_ENV: "production",
      ...productionSecrets,
      AWS_ENDPOINT_URL: "http://127.0.0.1:54331",
      APP_URL: "http://app.dripr.com",
      TOKEN_ENCRYPTION_KEY: "c2hvcnQ=",
    });
    expect(problems).toHaveLength(3);
  });

  it("DRIPR_MODE=local runs a production build only on a loopback APP_URL (how the browser tests run it)", () => {
    const build = { NODE_ENV: "production", DRIPR_MODE: "local", DATABASE_URL: "postgresql://x/y" };
    for (const appUrl of ["http://127.0.0.1:3100", "http://localhost:3000", "http://[::1]:3000"]) {
      expect(parseConfig({ ...build, APP_URL: appUrl }).mode).toBe("local");
    }
    expect(problemsOf(build)).toEqual([expect.stringMatching(/needs APP_URL set to a loopback address/)]);
    for (const appUrl of ["https://app.example.com", "http://10.0.0.5:3000", "http://127.example.com"]) {
      expect(problemsOf({ ...build, APP_URL: appUrl })).toEqual([
        expect.stringMatching(/DRIPR_MODE=local is refused in a production build .* not a loopback address/),
      ]);
    }
    // Outside a production build (npm run dev, tests) local mode needs no APP_URL.
    expect(parseConfig({ DRIPR_MODE: "local", DATABASE_URL: "postgresql://x/y" }).mode).toBe("local");
  });

  it("production refuses the committed development secrets", () => {
    const problems = problemsOf({
      NODE_ENV: "production",
      ...productionSecrets,
      APPROVAL_TOKEN_SECRET: "dripr-local-development-link-signing-secret",
      TOKEN_ENCRYPTION_KEY: "ZHJpcHItbG9jYWwtZGV2LXRva2VuLWtleS0zMmJ5dGU=",
    });
    expect(problems).toEqual([
      expect.stringMatching(/^APPROVAL_TOKEN_SECRET is the committed development value/),
      expect.stringMatching(/^TOKEN_ENCRYPTION_KEY is the committed development value/),
    ]);
  });

  it("configures Clerk from its keys: networkless JWT key, the app's origin as authorized party", () => {
    const config = parseConfig({
      DATABASE_URL: "postgresql://x/y",
      APP_URL: "http://127.0.0.1:3101/some/path",
      CLERK_SECRET_KEY: "sk_test_x",
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k",
      CLERK_JWT_KEY: "-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----",
      CLERK_SIGN_IN_LINK_TTL_HOURS: "48",
    });
    expect(config.auth).toMatchObject({
      provider: "clerk",
      jwtKey: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
      authorizedParties: ["http://127.0.0.1:3101"],
      signInLinkTtlSeconds: 48 * 3600,
    });
    expect(parseConfig({ DATABASE_URL: "postgresql://x/y" }).auth.provider).toBe("local");
  });

  it("configures the market-data vendors from their keys, with default and overridable base URLs", () => {
    const none = parseConfig({ DATABASE_URL: "postgresql://x/y" });
    expect(none.vendors).toEqual({ rentcast: null, zillow: null, fred: null });
    const config = parseConfig({
      DATABASE_URL: "postgresql://x/y",
      RENTCAST_API_KEY: "rc",
      RAPIDAPI_KEY: "ra",
      FRED_API_KEY: "fred",
      ZILLOW_PRIMARY: "zillow-v2",
      ZILLOW_V1_BASE_URL: "http://127.0.0.1:4000",
      VENDOR_RETRIES: "1",
    });
    expect(config.integrations.marketData).toBe("vendors");
    expect(config.vendors.rentcast).toEqual({
      apiKey: "rc",
      baseUrl: "https://api.rentcast.io/v1",
      requestsPerSecond: 20,
      timeoutMs: 10_000,
      retries: 1,
    });
    expect(config.vendors.zillow).toMatchObject({
      primary: "zillow-v2",
      v1: { baseUrl: "http://127.0.0.1:4000", host: "zillow-com1.p.rapidapi.com" },
      v2: { baseUrl: "https://zillow56.p.rapidapi.com", host: "zillow56.p.rapidapi.com" },
      requestsPerSecond: 2,
    });
    expect(config.vendors.fred).toMatchObject({ apiKey: "fred", baseUrl: "https://api.stlouisfed.org/fred" });
    expect(problemsOf({ DATABASE_URL: "postgresql://x/y", ZILLOW_PRIMARY: "zillow-v3" })[0]).toMatch(
      /^ZILLOW_PRIMARY:/,
    );
  });

  it("production refuses a vendor base URL that is not https (a local test server)", () => {
    expect(
      problemsOf({
        NODE_ENV: "production",
        ...productionSecrets,
        RENTCAST_BASE_URL: "http://127.0.0.1:4000/v1",
      }),
    ).toEqual(["RENTCAST_BASE_URL must be an https:// URL"]);
  });

  it("WORKER_PROCESSES: auto is one per CPU, a count is taken as given, anything else is refused", () => {
    const db = { DATABASE_URL: "postgresql://x/y" };
    expect(parseConfig(db).pipeline.workerProcesses).toBe(availableParallelism());
    expect(parseConfig({ ...db, WORKER_PROCESSES: "auto" }).pipeline.workerProcesses).toBe(
      availableParallelism(),
    );
    expect(parseConfig({ ...db, WORKER_PROCESSES: "3" }).pipeline.workerProcesses).toBe(3);
    for (const bad of ["0", "2.5", "two", "65"]) {
      expect(problemsOf({ ...db, WORKER_PROCESSES: bad })).toEqual([
        `WORKER_PROCESSES must be auto or a whole number from 1 to 64 (got "${bad}")`,
      ]);
    }
  });

  it("rejects an unknown log level with the variable's name", () => {
    expect(problemsOf({ DATABASE_URL: "postgresql://x/y", LOG_LEVEL: "loud" })[0]).toMatch(/^LOG_LEVEL:/);
  });

  it("configures the Bedrock writer from BEDROCK_* (issue 5), with an endpoint override for tests", () => {
    expect(parseConfig({ DATABASE_URL: "postgresql://localhost/dripr" }).bedrock).toBeUndefined();
    const local = parseConfig({
      DATABASE_URL: "postgresql://localhost/dripr",
      BEDROCK_MODEL_ID: "us.anthropic.claude-haiku-4-5-20251001-v1:0",
      BEDROCK_ENDPOINT_URL: "http://127.0.0.1:4010",
      BEDROCK_MAX_CONCURRENCY: "2",
    });
    expect(local.integrations.ai).toBe("bedrock");
    expect(local.bedrock).toEqual({
      modelId: "us.anthropic.claude-haiku-4-5-20251001-v1:0",
      region: "us-east-1",
      endpoint: "http://127.0.0.1:4010",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      maxAttempts: 3,
      timeoutMs: 20_000,
      maxConcurrency: 2,
    });
    // In production the SDK's default credential chain and endpoint are used.
    const production = parseConfig({
      ...productionSecrets,
      NODE_ENV: "production",
      BEDROCK_REGION: "us-west-2",
    });
    expect(production.bedrock).toMatchObject({
      region: "us-west-2",
      endpoint: undefined,
      credentials: undefined,
    });
    expect(
      problemsOf({
        ...productionSecrets,
        NODE_ENV: "production",
        BEDROCK_ENDPOINT_URL: "http://127.0.0.1:1",
      }),
    ).toEqual(["BEDROCK_ENDPOINT_URL must be an https:// URL in production (or unset)"]);
    expect(problemsOf({ DATABASE_URL: "postgresql://localhost/dripr", BEDROCK_TIMEOUT_MS: "5" })[0]).toMatch(
      /^BEDROCK_TIMEOUT_MS: /,
    );
  });

  it("delivery: Postmark streams and Gmail limits have defaults; test-server URLs are refused in production", () => {
    const local = parseConfig({ DATABASE_URL: "postgresql://x/y" });
    expect(local.delivery.postmark).toMatchObject({
      broadcastStream: "broadcast",
      transactionalStream: "outbound",
    });
    expect(local.delivery.gmailLimits).toEqual({ perDay: 500, perMinute: 20 });
    expect(local.delivery.google).toMatchObject({
      redirectUrl: "http://localhost:3000/api/gmail/oauth/callback",
      searchScope: false,
    });
    expect(local.tokenEncryptionKey).toHaveLength(32);
    const production = parseConfig({ NODE_ENV: "production", ...productionSecrets });
    expect(production.delivery.google.redirectUrl).toBe("https://app.dripr.com/api/gmail/oauth/callback");
    expect(production.tokenEncryptionKey).toEqual(Buffer.alloc(32, 7));
    const problems = problemsOf({
      NODE_ENV: "production",
      ...productionSecrets,
      POSTMARK_API_URL: "http://127.0.0.1:1",
      GOOGLE_OAUTH_TOKEN_URL: "http://127.0.0.1:2/token",
    });
    expect(problems).toEqual([
      expect.stringContaining("POSTMARK_API_URL"),
      expect.stringContaining("GOOGLE_OAUTH_TOKEN_URL"),
    ]);
    expect(problemsOf({ DATABASE_URL: "postgresql://x/y", TOKEN_ENCRYPTION_KEY: "c2hvcnQ=" })).toEqual([
      expect.stringContaining("32 bytes"),
    ]);
    expect(problemsOf({ DATABASE_URL: "postgresql://x/y", GMAIL_PER_MINUTE_LIMIT: "0" })[0]).toMatch(
      /^GMAIL_PER_MINUTE_LIMIT:/,
    );
  });

  it("a send's attempts, timeouts and backoff must fit in half the sender's lease (checked at start-up)", () => {
    const local = parseConfig({ DATABASE_URL: "postgresql://x/y" });
    expect(local.delivery.google.timeoutMs).toBe(15_000);
    expect(local.delivery.postmark.timeoutMs).toBe(15_000);
    // Defaults: 4 Gmail attempts (+ the token refresh) of 15 s plus at most 44 s of backoff = 119 s,
    // or one refused Gmail attempt then 4 Postmark attempts of 15 s = 134 s; the lease is 300 s.
    expect(worstSendMs({ gmailTimeoutMs: 15_000, postmarkTimeoutMs: 15_000 })).toBe(134_000);
    expect(problemsOf({ DATABASE_URL: "postgresql://x/y", SEND_LEASE_SECONDS: "268" })).toEqual([]);
    expect(problemsOf({ DATABASE_URL: "postgresql://x/y", SEND_LEASE_SECONDS: "267" })).toEqual([
      expect.stringMatching(/^SEND_LEASE_SECONDS \(267 s\) must be at least twice the longest send \(134 s/),
    ]);
    // The tests' short lease comes with short timeouts and retries (test/fakes/delivery-config.ts).
    expect(problemsOf({ DATABASE_URL: "postgresql://x/y", ...SHORT_LEASE_ENV })).toEqual([]);
    expect(problemsOf({ DATABASE_URL: "postgresql://x/y", ...SHORT_LEASE_ENV, SEND_RETRIES: "3" })).toEqual([
      expect.stringContaining("SEND_LEASE_SECONDS (10 s)"),
    ]);
    expect(problemsOf({ NODE_ENV: "production", ...productionSecrets, GMAIL_TIMEOUT_MS: "60000" })).toEqual([
      expect.stringContaining("GMAIL_TIMEOUT_MS 60 s"),
    ]);
  });
  it("billing (issue 16): off without a Stripe key; with one, plan prices, trial, grace and a test API", () => {
    expect(parseConfig({ DATABASE_URL: "postgresql://x/y" }).billing).toBeUndefined();
    const config = parseConfig({
      DATABASE_URL: "postgresql://x/y",
      STRIPE_SECRET_KEY: "sk_test_1",
      STRIPE_WEBHOOK_SECRET: "whsec_1",
      STRIPE_PRICE_SOLO_MONTHLY: "price_sm",
      STRIPE_PRICE_SOLO_YEARLY: "price_sy",
      STRIPE_PRICE_PRO_MONTHLY: "price_pm",
      STRIPE_TRIAL_DAYS: "14",
      BILLING_PAST_DUE_GRACE_DAYS: "3",
      STRIPE_API_URL: "http://127.0.0.1:12111",
    });
    expect(config.integrations.billing).toBe("stripe");
    expect(config.billing).toEqual({
      secretKey: "sk_test_1",
      webhookSecret: "whsec_1",
      prices: {
        solo: { monthly: "price_sm", yearly: "price_sy" },
        pro: { monthly: "price_pm", yearly: undefined },
      },
      trialDays: 14,
      pastDueGraceDays: 3,
      api: { host: "127.0.0.1", port: 12111, protocol: "http" },
    });
    const defaults = parseConfig({ NODE_ENV: "production", ...productionSecrets }).billing;
    expect(defaults).toMatchObject({ trialDays: 0, pastDueGraceDays: 7, api: undefined });
  });

  it("billing: each plan's monthly price is required once Stripe is on; the test API is refused in production", () => {
    expect(problemsOf({ DATABASE_URL: "postgresql://x/y", STRIPE_SECRET_KEY: "sk_test_1" })).toEqual([
      expect.stringMatching(/^STRIPE_PRICE_SOLO_MONTHLY is missing/),
      expect.stringMatching(/^STRIPE_PRICE_PRO_MONTHLY is missing/),
    ]);
    expect(
      problemsOf({ NODE_ENV: "production", ...productionSecrets, STRIPE_API_URL: "http://127.0.0.1:12111" }),
    ).toEqual(["STRIPE_API_URL must not be set in production (it points at a test server)"]);
    expect(problemsOf({ DATABASE_URL: "postgresql://x/y", STRIPE_TRIAL_DAYS: "-1" })[0]).toMatch(
      /^STRIPE_TRIAL_DAYS:/,
    );
  });
});

describe("production smoke run (DRIPR_SMOKE_RUN=1)", () => {
  const smoke = {
    ...productionSecrets,
    NODE_ENV: "production",
    DRIPR_SMOKE_RUN: "1",
    DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:54371/dripr",
    APP_URL: "http://localhost:54370",
    AWS_ENDPOINT_URL: "http://127.0.0.1:54372",
    CLERK_API_URL: "http://127.0.0.1:54373",
    POSTMARK_API_URL: "http://127.0.0.1:54374",
    RENTCAST_BASE_URL: "http://127.0.0.1:54375/v1",
    ZILLOW_V1_BASE_URL: "http://127.0.0.1:54376",
    ZILLOW_V2_BASE_URL: "http://127.0.0.1:54377",
    FRED_BASE_URL: "http://127.0.0.1:54378/fred",
    BEDROCK_ENDPOINT_URL: "http://127.0.0.1:54379",
    GOOGLE_OAUTH_AUTH_URL: "http://127.0.0.1:54380/auth",
    GOOGLE_OAUTH_TOKEN_URL: "http://127.0.0.1:54380/token",
    GOOGLE_OAUTH_REVOKE_URL: "http://127.0.0.1:54380/revoke",
    GMAIL_API_URL: "http://127.0.0.1:54380/gmail",
    STRIPE_API_URL: "http://127.0.0.1:54381",
  };

  it("is production with real validation, every override on loopback, and says which", () => {
    const config = parseConfig(smoke);
    expect(config.mode).toBe("production");
    expect(config.auth.provider).toBe("clerk");
    expect(config.integrations).toEqual({
      marketData: "vendors",
      ai: "bedrock",
      mail: "postmark",
      billing: "stripe",
      gmail: "google",
    });
    expect(config.smokeRun?.overrides).toMatchObject({
      AWS_ENDPOINT_URL: "http://127.0.0.1:54372",
      CLERK_API_URL: "http://127.0.0.1:54373",
      POSTMARK_API_URL: "http://127.0.0.1:54374",
      RENTCAST_BASE_URL: "http://127.0.0.1:54375/v1",
      BEDROCK_ENDPOINT_URL: "http://127.0.0.1:54379",
      GMAIL_API_URL: "http://127.0.0.1:54380/gmail",
    });
    expect(Object.keys(config.smokeRun?.overrides ?? {})).toHaveLength(13);
    expect(config.aws.endpoint).toBe("http://127.0.0.1:54372");
  });

  it("refuses any endpoint, the app or the database off loopback, naming each", () => {
    expect(
      problemsOf({
        ...smoke,
        POSTMARK_API_URL: "https://api.postmarkapp.com",
        DATABASE_URL: "postgresql://db.internal/dripr",
        APP_URL: "https://app.dripr.com",
        BEDROCK_ENDPOINT_URL: "http://10.0.0.5:8080",
      }),
    ).toEqual([
      "APP_URL must be a loopback address in a smoke run (DRIPR_SMOKE_RUN=1), got https://app.dripr.com",
      "DATABASE_URL must be a loopback address in a smoke run (DRIPR_SMOKE_RUN=1), got postgresql://db.internal/dripr",
      "POSTMARK_API_URL must be a loopback address in a smoke run (DRIPR_SMOKE_RUN=1), got https://api.postmarkapp.com",
      "BEDROCK_ENDPOINT_URL must be a loopback address in a smoke run (DRIPR_SMOKE_RUN=1), got http://10.0.0.5:8080",
    ]);
  });

  it("refuses an unset endpoint or a vendor's default (a smoke run never reaches a vendor)", () => {
    const { RENTCAST_BASE_URL: _r, ZILLOW_V1_BASE_URL: _z, ...rest } = smoke;
    expect(problemsOf(rest)).toEqual([
      "RENTCAST_BASE_URL must be a loopback address in a smoke run (DRIPR_SMOKE_RUN=1), got https://api.rentcast.io/v1",
      "ZILLOW_V1_BASE_URL must be set to a loopback stand-in in a smoke run (unset means the real vendor)",
    ]);
  });

  it("still refuses missing secrets and committed development values", () => {
    const problems = problemsOf({
      ...smoke,
      STRIPE_WEBHOOK_SECRET: undefined,
      APPROVAL_TOKEN_SECRET: "short",
    });
    expect(problems).toEqual([
      "STRIPE_WEBHOOK_SECRET is missing (verifies Stripe webhooks)",
      "APPROVAL_TOKEN_SECRET must be at least 32 characters",
    ]);
  });

  it("without the flag the same overrides are refused as in any production start", () => {
    const problems = problemsOf({ ...smoke, DRIPR_SMOKE_RUN: undefined });
    expect(problems).toEqual(
      expect.arrayContaining([
        "AWS_ENDPOINT_URL must not be set in production (it points at an emulator)",
        "APP_URL must be an https:// URL",
        "POSTMARK_API_URL must not be set in production (it points at a test server)",
        "CLERK_API_URL must not be set in production (it points at a test server)",
        "RENTCAST_BASE_URL must be an https:// URL",
      ]),
    );
  });

  it("is refused outside production mode", () => {
    expect(problemsOf({ DATABASE_URL: "postgresql://127.0.0.1/dripr", DRIPR_SMOKE_RUN: "1" })).toEqual([
      "DRIPR_SMOKE_RUN=1 is a production smoke run: it needs production mode (NODE_ENV=production)",
    ]);
  });
});
