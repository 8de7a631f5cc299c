import { createGmailClient } from "@/lib/clients/gmail/gmail-client";
import {
  canSearchMailbox,
  createGoogleOAuthClient,
  type GoogleConfig,
} from "@/lib/clients/google/google-oauth";
import { RequestFailed, trackRequestWritten } from "@/lib/clients/http/request-written";
import { buildMime } from "@/lib/delivery/build-mime";
import { DeliveryError, networkDeliveryError } from "@/lib/delivery/delivery-error";
import type { MailTransport, OutgoingMessage } from "@/lib/delivery/types";

/**
 * Sends from the agent's own mailbox with users.messages.send (raw MIME with our Message-ID). The
 * OAuth client refreshes the access token from the stored refresh token by itself and keeps it for
 * as long as this transport lives (the router caches one per agent).
 */

export type GmailGrant = { userId: string; googleEmail: string; refreshToken: string; scope: string };

export function createGmailTransport(google: GoogleConfig, grant: GmailGrant): MailTransport {
  const auth = createGoogleOAuthClient(google);
  auth.setCredentials({ refresh_token: grant.refreshToken, scope: grant.scope });
  const gmail = createGmailClient(auth, google.gmailApiUrl, google.timeoutMs);
  const searchable = canSearchMailbox(grant.scope);

  return {
    name: "GMAIL",
    async send(message: OutgoingMessage) {
      const raw = (await buildMime(message)).toString("base64url");
      let data: { id?: string | null };
      try {
        ({ data } = await trackRequestWritten(
          () => gmail.users.messages.send({ userId: "me", requestBody: { raw } }),
          (request) => request.method === "POST" && request.path.includes(SEND_PATH),
        ));
      } catch (error) {
        throw error instanceof RequestFailed
          ? classifyGmailError(error.failure, { requestWritten: error.requestWritten })
          : classifyGmailError(error);
      }
      if (!data.id)
        throw new DeliveryError("transient", "Gmail accepted the message but returned no id", {
          ambiguous: true,
        });
      return { providerMessageId: data.id };
    },
    async findSent(message) {
      if (!searchable) return "unknown";
      try {
        const { data } = await gmail.users.messages.list({
          userId: "me",
          q: `rfc822msgid:${message.messageId.replace(/^<|>$/g, "")}`,
          includeSpamTrash: true,
          maxResults: 1,
        });
        const id = data.messages?.[0]?.id;
        return id ? { providerMessageId: id } : null;
      } catch (error) {
        throw classifyGmailError(error);
      }
    },
  };
}

const SEND_PATH = "/gmail/v1/users/me/messages/send";

/**
 * Gmail's answers mapped onto what the sender does next (delivery-error.ts), after Google's guidance
 * for Gmail API errors (developers.google.com/workspace/gmail/api/guides/handle-errors): 429, the
 * 403 rate limits and 5xx (500, 502, 503, 504) are retried with exponential backoff; 400 will never
 * succeed; 401 and a missing scope mean the grant no longer works. Only a send whose outcome is truly
 * unknown is ambiguous (reconciled, never simply sent again): no answer, or a broken connection,
 * after the request had been completely written (`requestWritten`; unknown counts as written).
 */
export function classifyGmailError(
  error: unknown,
  { requestWritten = true }: { requestWritten?: boolean } = {},
): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const response = (error as { response?: { status?: number; data?: unknown; headers?: Headers } } | null)
    ?.response;
  if (response && typeof response.status === "number") {
    const status = response.status;
    const data = response.data as
      | { error?: string | { message?: string; errors?: { reason?: string }[] }; error_description?: string }
      | undefined;
    // The token endpoint answers {"error":"invalid_grant"} when the agent revoked access.
    if (typeof data?.error === "string") {
      if (data.error === "invalid_grant" || data.error === "unauthorized_client") {
        return new DeliveryError(
          "gmail-revoked",
          `Gmail access was revoked or expired (${data.error}${data.error_description ? `: ${data.error_description}` : ""})`,
          { cause: error },
        );
      }
      return new DeliveryError("transient", `Google's token endpoint refused (${data.error})`, {
        cause: error,
      });
    }
    const reason = data?.error?.errors?.[0]?.reason ?? "";
    const text = data?.error?.message ?? (error as Error).message;
    if (status === 401)
      return new DeliveryError("gmail-revoked", `Gmail refused the grant: ${text}`, { cause: error });
    if (
      status === 403 &&
      /insufficientPermissions|ACCESS_TOKEN_SCOPE_INSUFFICIENT|forbidden/i.test(`${reason} ${text}`)
    ) {
      return new DeliveryError("gmail-revoked", `Gmail refused: ${text}`, { cause: error });
    }
    if (
      status === 429 ||
      (status === 403 &&
        /rateLimitExceeded|userRateLimitExceeded|dailyLimitExceeded|quotaExceeded/.test(reason))
    ) {
      const retryAfter = Number(response.headers?.get?.("retry-after") ?? Number.NaN);
      return new DeliveryError("transient", `Gmail rate limit: ${text}`, {
        cause: error,
        retryAfterMs: Number.isFinite(retryAfter)
          ? retryAfter * 1000
          : reason === "dailyLimitExceeded"
            ? 3_600_000
            : undefined,
      });
    }
    if (status >= 500)
      return new DeliveryError("transient", `Gmail answered ${status}: ${text}`, { cause: error });
    if (status === 400)
      return new DeliveryError("permanent", `Gmail rejected the message: ${text}`, { cause: error });
    if (status !== 0)
      return new DeliveryError("transient", `Gmail answered ${status}: ${text}`, { cause: error });
  }
  // No answer: a timeout (GMAIL_TIMEOUT_MS) or a network failure.
  if (!requestWritten)
    return new DeliveryError("transient", `Gmail did not get the whole request: ${whatHappened(error)}`, {
      cause: error,
    });
  return (
    networkDeliveryError("Gmail", error) ??
    new DeliveryError("transient", `Gmail did not answer: ${whatHappened(error)}`, {
      ambiguous: true,
      cause: error,
    })
  );
}

function whatHappened(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  const name = cause instanceof Error ? cause.name : undefined;
  return name === "AbortError" || name === "TimeoutError"
    ? "no answer within the timeout"
    : error instanceof Error
      ? error.message
      : String(error);
}
