import { OAuth2Client } from "google-auth-library";
import { decodeJwt } from "jose";
import type { AppConfig } from "@/lib/env";

/**
 * Google OAuth for sending from the agent's Gmail (DESIGN.md §7). Scopes: `gmail.send` (send only),
 * `openid email` (to learn which mailbox was connected: with gmail.send alone Gmail will not tell), and
 * `gmail.readonly` only when GMAIL_SEARCH_SCOPE=on, which lets a send interrupted by a crash be looked
 * up by Message-ID (gmail.send cannot search; see README "Delivery").
 * Endpoints are configurable so tests talk to a local token server.
 */

export const GMAIL_SEND_SCOPE = "https://www.googleapis.com/auth/gmail.send";
export const GMAIL_READONLY_SCOPE = "https://www.googleapis.com/auth/gmail.readonly";
/** Scopes under which users.messages.list may search (rfc822msgid:). */
export const GMAIL_SEARCH_SCOPES = [
  GMAIL_READONLY_SCOPE,
  "https://www.googleapis.com/auth/gmail.modify",
  "https://mail.google.com/",
];

export type GoogleConfig = AppConfig["delivery"]["google"];

export function googleScopes(google: GoogleConfig): string[] {
  return ["openid", "email", GMAIL_SEND_SCOPE, ...(google.searchScope ? [GMAIL_READONLY_SCOPE] : [])];
}

export function canSearchMailbox(grantedScope: string): boolean {
  const granted = grantedScope.split(/\s+/);
  return GMAIL_SEARCH_SCOPES.some((scope) => granted.includes(scope));
}

export function createGoogleOAuthClient(google: GoogleConfig): OAuth2Client {
  if (!google.clientId || !google.clientSecret) {
    throw new Error("Gmail is not configured: set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET");
  }
  return new OAuth2Client({
    clientId: google.clientId,
    clientSecret: google.clientSecret,
    redirectUri: google.redirectUrl,
    // Token refreshes and the API requests made through this client: each cut off after the timeout.
    transporterOptions: { timeout: google.timeoutMs },
    endpoints: {
      ...(google.authUrl ? { oauth2AuthBaseUrl: google.authUrl } : {}),
      ...(google.tokenUrl ? { oauth2TokenUrl: google.tokenUrl } : {}),
      ...(google.revokeUrl ? { oauth2RevokeUrl: google.revokeUrl } : {}),
    },
  });
}

/** Where the agent's browser goes to grant access; `state` is echoed back to the callback. */
export function googleAuthorizationUrl(google: GoogleConfig, state: string, loginHint?: string): string {
  return createGoogleOAuthClient(google).generateAuthUrl({
    access_type: "offline",
    // Always ask, so Google returns a refresh token even when the agent connected before.
    prompt: "consent",
    include_granted_scopes: false,
    scope: googleScopes(google),
    state,
    login_hint: loginHint,
  });
}

export type GoogleGrant = { refreshToken: string; scope: string; googleEmail: string };

/**
 * Trades the callback's code for tokens. The id_token comes straight from Google's token endpoint
 * over TLS, so its claims are read without verifying the signature (OpenID Connect Core §3.1.3.7).
 */
export async function exchangeGoogleCode(google: GoogleConfig, code: string): Promise<GoogleGrant> {
  const { tokens } = await createGoogleOAuthClient(google).getToken(code);
  if (!tokens.refresh_token) {
    throw new Error(
      "Google returned no refresh token; remove Dripr from your Google account's third-party access and connect again",
    );
  }
  const granted = tokens.scope ?? "";
  if (!granted.split(/\s+/).includes(GMAIL_SEND_SCOPE)) {
    throw new Error(
      "Permission to send email was not granted; connect again and tick “Send email on your behalf”",
    );
  }
  const claims = tokens.id_token ? decodeJwt(tokens.id_token) : {};
  const email = claims.email;
  if (typeof email !== "string" || !email) throw new Error("Google did not say which mailbox was connected");
  // Only a verified address is the mailbox's owner (OpenID Connect: `email_verified`).
  if (claims.email_verified !== true) {
    throw new Error(
      `Google says ${email} is not verified; verify it in your Google account and connect again`,
    );
  }
  return { refreshToken: tokens.refresh_token, scope: granted, googleEmail: email.toLowerCase() };
}

/** Best effort: the grant is forgotten on our side whatever Google answers. */
export async function revokeGoogleToken(google: GoogleConfig, refreshToken: string): Promise<void> {
  await createGoogleOAuthClient(google).revokeToken(refreshToken);
}
