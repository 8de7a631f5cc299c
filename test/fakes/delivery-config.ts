import { type AppConfig, parseConfig } from "@/lib/env";
import type { GoogleFake } from "./google-fake";
import type { PostmarkFake } from "./postmark-fake";

/**
 * A 10 s sender lease, for tests that wait for one to run out, with request timeouts and retries
 * short enough that one send still fits in half of it (the start-up check, send-time-budget.ts):
 * 3 × 0.75 s of Gmail + 0.4 s of backoff, or 2 × 0.75 s of Gmail then 2 × 1.5 s of Postmark + 0.4 s.
 */
export const SHORT_LEASE_ENV = {
  SEND_LEASE_SECONDS: "10",
  SEND_RETRIES: "1",
  SEND_RETRY_MIN_MS: "100",
  SEND_RETRY_MAX_WAIT_MS: "200",
  GMAIL_TIMEOUT_MS: "750",
  POSTMARK_TIMEOUT_MS: "1500",
} as const;

/** Local-mode configuration whose Postmark and Google endpoints are the given fakes. */
export function deliveryTestConfig(
  fakes: { postmark?: PostmarkFake; google?: GoogleFake },
  extra: Record<string, string> = {},
): AppConfig {
  const { postmark, google } = fakes;
  return parseConfig({
    DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://unused/none",
    DRIPR_MODE: "local",
    APP_URL: "https://app.dripr.test",
    POSTMARK_FROM_EMAIL: "hello@dripr.test",
    ...(postmark ? { POSTMARK_SERVER_TOKEN: postmark.token, POSTMARK_API_URL: postmark.url } : {}),
    ...(google
      ? {
          GOOGLE_CLIENT_ID: google.clientId,
          GOOGLE_CLIENT_SECRET: google.clientSecret,
          GOOGLE_OAUTH_AUTH_URL: google.config.authUrl,
          GOOGLE_OAUTH_TOKEN_URL: google.config.tokenUrl,
          GOOGLE_OAUTH_REVOKE_URL: google.config.revokeUrl,
          GMAIL_API_URL: google.config.gmailApiUrl,
        }
      : {}),
    ...extra,
  });
}
