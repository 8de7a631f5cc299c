import { v7 as uuidv7 } from "uuid";
import type { MailAddress, MailTransport, OutgoingMessage } from "@/lib/delivery/types";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * The development transport (DESIGN.md §9): "sending" stores the message in LocalOutboxMessage,
 * where the app's Outbox page shows it. Idempotent by Message-ID through the table's unique key: a
 * second send of the same message inserts nothing and returns the first row's id.
 */

type OutboxDb = Pick<PrismaClient, "localOutboxMessage" | "$queryRaw">;

export function createLocalOutboxTransport(db: OutboxDb): MailTransport {
  return {
    name: "LOCAL_OUTBOX",
    async send(message: OutgoingMessage) {
      // Raw SQL: Prisma never caches a createMany plan (lib/campaigns/insert-history.ts), and a
      // plain create would turn a repeated send into an error.
      const inserted = await db.$queryRaw<{ id: string }[]>`
        INSERT INTO "LocalOutboxMessage" (id, "userId", "emailId", kind, "fromAddress", "toAddress",
          "replyTo", subject, html, text, headers, "messageId")
        VALUES (${uuidv7()}::uuid, ${message.userId}::uuid, ${message.emailId}::uuid, ${message.kind},
          ${formatAddress(message.from)}, ${formatAddress(message.to)}, ${message.replyTo ?? null},
          ${message.subject}, ${message.html}, ${message.text}, ${JSON.stringify(message.headers)}::jsonb,
          ${message.messageId})
        ON CONFLICT DO NOTHING
        RETURNING id`;
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
