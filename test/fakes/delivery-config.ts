import { type AppConfig, parseConfig } from "@/lib/env";
import type { GoogleFake } from "./google-fake";
import type { PostmarkFake } from "./postmark-fake";

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
