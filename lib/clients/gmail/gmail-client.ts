import type { OAuth2Client } from "google-auth-library";
import { gmail_v1 } from "googleapis/build/src/apis/gmail/v1.js";

/**
 * Gmail API v1 for one agent's grant; `rootUrl` points tests at a local server. Every request is
 * cut off after `timeoutMs` (GMAIL_TIMEOUT_MS), so a hung send ends well inside the sender's lease
 * (send-time-budget.ts); the OAuth client's own requests (token refresh) have the same bound
 * (google-oauth.ts).
 */
export function createGmailClient(
  auth: OAuth2Client,
  rootUrl: string | undefined,
  timeoutMs: number,
): gmail_v1.Gmail {
  return new gmail_v1.Gmail({
    auth,
    ...(rootUrl ? { rootUrl: rootUrl.endsWith("/") ? rootUrl : `${rootUrl}/` } : {}),
    timeout: timeoutMs,
    // Retries are ours (send-with-retries.ts), with reconciliation in between; never the library's.
    retry: false,
  });
}
