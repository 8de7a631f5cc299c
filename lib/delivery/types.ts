import type { EmailProvider } from "@/lib/generated/prisma/enums";

/**
 * One interface for every way mail leaves Dripr (DESIGN.md §7): the agent's Gmail, Postmark, and the
 * local outbox for development. The caller owns "never twice": it claims the email, sets
 * `messageId` before calling `send`, and records the returned id after. A transport must treat a
 * second send of the same `messageId` as the same message where its provider allows (the local
 * outbox does), so a retry after a crash does not deliver two copies.
 */

export type MailKind = "homeowner" | "welcome" | "approval-request" | "approval-reminder" | "sign-in-link";

export type MailAddress = { name: string; address: string };

export type OutgoingMessage = {
  kind: MailKind;
  /** The agent the mail is sent for (null only for mail to no particular agent). */
  userId: string | null;
  /** The homeowner Email row, for kind "homeowner". */
  emailId: string | null;
  from: MailAddress;
  to: MailAddress;
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post for homeowner mail. */
  headers: Record<string, string>;
  /** Our RFC 5322 Message-ID, angle brackets included: "<0195…@dripr.local>". */
  messageId: string;
};

export type SendResult = {
  /** The provider's id for the message (Gmail message id, Postmark MessageID, outbox row id). */
  providerMessageId: string;
};

export interface MailTransport {
  /** Stored on the Email row as `provider`. */
  readonly name: EmailProvider;
  /**
   * Resolves once the provider accepted the message; rejects when it did not, with a DeliveryError
   * (delivery-error.ts) saying whether to retry, give up, or fall back.
   */
  send(message: OutgoingMessage): Promise<SendResult>;
  /**
   * Crash recovery: whether the provider already accepted a message with this Message-ID (and, for
   * Postmark, this email/user in its metadata). "unknown" when the provider cannot be asked (Gmail
   * without a search scope).
   */
  findSent(message: SentLookup): Promise<SendResult | null | "unknown">;
}

export type SentLookup = Pick<OutgoingMessage, "messageId" | "kind" | "userId" | "emailId">;

export const MAIL_KIND_LABELS: Record<MailKind, string> = {
  homeowner: "Homeowner update",
  welcome: "Welcome",
  "approval-request": "Approval request",
  "approval-reminder": "Approval reminder",
  "sign-in-link": "Sign-in link",
};

/** Label of a stored kind (the column is free text, so unknown kinds show as stored). */
export function mailKindLabel(kind: string): string {
  return (MAIL_KIND_LABELS as Record<string, string | undefined>)[kind] ?? kind;
}
