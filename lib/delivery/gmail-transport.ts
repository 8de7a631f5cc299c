import { createGmailClient } from "@/lib/clients/gmail/gmail-client";
import {
  canSearchMailbox,
  createGoogleOAuthClient,
  type GoogleConfig,
} from "@/lib/clients/google/google-oauth";
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
  const gmail = createGmailClient(auth, google.gmailApiUrl);
  const searchable = canSearchMailbox(grant.scope);

  return {
    name: "GMAIL",
    async send(message: OutgoingMessage) {
      const raw = (await buildMime(message)).toString("base64url");
      try {
        const { data } = await gmail.users.messages.send({ userId: "me", requestBody: { raw } });
        if (!data.id)
          throw new DeliveryError("transient", "Gmail accepted the message but returned no id", {
            ambiguous: true,
          });
        return { providerMessageId: data.id };
      } catch (error) {
        throw classifyGmailError(error);
      }
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

/** Gmail's answers mapped onto what the sender does next (delivery-error.ts). */
export function classifyGmailError(error: unknown): DeliveryError {
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
      return new DeliveryError("transient", `Gmail answered ${status}: ${text}`, {
        ambiguous: true,
        cause: error,
      });
    if (status === 400)
      return new DeliveryError("permanent", `Gmail rejected the message: ${text}`, { cause: error });
    if (status === 0)
      return (
        networkDeliveryError("Gmail", error) ??
        new DeliveryError("transient", `Gmail: ${text}`, { ambiguous: true, cause: error })
      );
    return new DeliveryError("transient", `Gmail answered ${status}: ${text}`, { cause: error });
  }
  return (
    networkDeliveryError("Gmail", error) ??
    new DeliveryError("transient", `Gmail: ${String(error)}`, { ambiguous: true, cause: error })
  );
}
