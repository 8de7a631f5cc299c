import type { MailAddress, MailTransport, OutgoingMessage } from "@/lib/delivery/types";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * The development transport (DESIGN.md §9): "sending" stores the message in LocalOutboxMessage,
 * where the app's Outbox page shows it. Idempotent by Message-ID through the table's unique key: a
 * second send of the same message inserts nothing and returns the first row's id.
 */

type OutboxDb = Pick<PrismaClient, "localOutboxMessage">;

export function createLocalOutboxTransport(db: OutboxDb): MailTransport {
  return {
    name: "LOCAL_OUTBOX",
    async send(message: OutgoingMessage) {
      const inserted = await db.localOutboxMessage.createManyAndReturn({
        data: [
          {
            userId: message.userId,
            emailId: message.emailId,
            kind: message.kind,
            fromAddress: formatAddress(message.from),
            toAddress: formatAddress(message.to),
            replyTo: message.replyTo ?? null,
            subject: message.subject,
            html: message.html,
            text: message.text,
            headers: message.headers,
            messageId: message.messageId,
          },
        ],
        skipDuplicates: true,
        select: { id: true },
      });
      const id =
        inserted[0]?.id ??
        (
          await db.localOutboxMessage.findUniqueOrThrow({
            where: { messageId: message.messageId },
            select: { id: true },
          })
        ).id;
      return { providerMessageId: id };
    },
    async findSent(message) {
      const row = await db.localOutboxMessage.findUnique({
        where: { messageId: message.messageId },
        select: { id: true },
      });
      return row ? { providerMessageId: row.id } : null;
    },
  };
}

/** `Sam Rivera <sam@example.com>`; names with RFC 5322 specials are quoted. */
export function formatAddress({ name, address }: MailAddress): string {
  const clean = name.replace(/[\r\n]+/g, " ").trim();
  if (!clean) return address;
  const quoted = /[()<>[\]:;@\\,."]/.test(clean) ? `"${clean.replace(/["\\]/g, "\\$&")}"` : clean;
  return `${quoted} <${address}>`;
}
