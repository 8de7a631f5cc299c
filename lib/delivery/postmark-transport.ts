import type { ServerClient } from "postmark";
import { Errors } from "postmark";
import { DeliveryError } from "@/lib/delivery/delivery-error";
import { formatAddress } from "@/lib/delivery/local-outbox-transport";
import type { MailTransport, OutgoingMessage, SentLookup } from "@/lib/delivery/types";

/**
 * Postmark: the fallback for homeowner mail (broadcast stream) and all system mail (transactional
 * stream). Every message carries our Message-ID as a header and, in its Metadata, the Message-ID and
 * the Dripr email/user ids, so a send interrupted by a crash is found again with an outbound message
 * search by metadata.
 */

export type PostmarkStreams = { broadcastStream: string; transactionalStream: string };

/**
 * Metadata keys (Postmark allows 80-character keys and values). Postmark hands the metadata back in
 * its webhooks: the bounce webhook finds the email by METADATA_EMAIL_ID (handle-postmark-webhook.ts).
 */
export const METADATA_MESSAGE_ID = "dripr_message_id";
export const METADATA_EMAIL_ID = "dripr_email_id";
export const METADATA_USER_ID = "dripr_user_id";

export function createPostmarkTransport(client: ServerClient, streams: PostmarkStreams): MailTransport {
  return {
    name: "POSTMARK",
    async send(message: OutgoingMessage) {
      try {
        const response = await client.sendEmail({
          From: formatAddress(message.from),
          To: formatAddress(message.to),
          ReplyTo: message.replyTo,
          Subject: message.subject,
          HtmlBody: message.html,
          TextBody: message.text,
          Headers: [
            { Name: "Message-ID", Value: message.messageId },
            ...Object.entries(message.headers).map(([Name, Value]) => ({ Name, Value })),
          ],
          MessageStream: message.kind === "homeowner" ? streams.broadcastStream : streams.transactionalStream,
          Tag: message.kind,
          Metadata: metadataOf(message),
        });
        if (response.ErrorCode !== 0) {
          throw new DeliveryError(
            "permanent",
            `Postmark refused (${response.ErrorCode}): ${response.Message}`,
          );
        }
        return { providerMessageId: response.MessageID };
      } catch (error) {
        throw classifyPostmarkError(error);
      }
    },
    async findSent(message) {
      try {
        const found = await client.getOutboundMessages({
          count: 10,
          offset: 0,
          [`metadata_${METADATA_MESSAGE_ID}`]: metadataValue(message.messageId),
        });
        const match = found.Messages.find(
          (m) => m.Metadata?.[METADATA_MESSAGE_ID] === metadataValue(message.messageId),
        );
        return match ? { providerMessageId: match.MessageID } : null;
      } catch (error) {
        throw classifyPostmarkError(error);
      }
    },
  };
}

function metadataOf(message: SentLookup): Record<string, string> {
  const metadata: Record<string, string> = {
    [METADATA_MESSAGE_ID]: metadataValue(message.messageId),
    dripr_kind: message.kind,
  };
  if (message.emailId) metadata[METADATA_EMAIL_ID] = message.emailId;
  if (message.userId) metadata[METADATA_USER_ID] = message.userId;
  return metadata;
}

/** The Message-ID without angle brackets (and within Postmark's 80 characters). */
function metadataValue(messageId: string): string {
  return messageId.replace(/^<|>$/g, "").slice(0, 80);
}

/**
 * 422 with ErrorCode 300 (invalid email request) or 406 (inactive recipient) will never succeed;
 * 429 and 5xx are transient; a network failure (statusCode 0) may have been accepted, so it is
 * ambiguous. 401/403/other 4xx are configuration problems: transient, so the email waits for a fix.
 */
export function classifyPostmarkError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof Errors.PostmarkError) {
    const { statusCode, code, message } = error;
    if (statusCode === 422 && (code === 300 || code === 406 || code === 411)) {
      return new DeliveryError("permanent", `Postmark refused the message (${code}): ${message}`, {
        cause: error,
      });
    }
    if (statusCode === 0) {
      return new DeliveryError("transient", `Postmark could not be reached: ${message}`, {
        ambiguous: true,
        cause: error,
      });
    }
    return new DeliveryError("transient", `Postmark answered ${statusCode} (${code}): ${message}`, {
      ambiguous: statusCode >= 500,
      cause: error,
    });
  }
  return new DeliveryError("transient", `Postmark: ${String(error)}`, { ambiguous: true, cause: error });
}
