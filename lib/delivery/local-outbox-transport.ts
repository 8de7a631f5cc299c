import DataLoader from "dataloader";
import { v7 as uuidv7 } from "uuid";
import { batchOptions } from "@/lib/campaigns/work-batches";
import { jsonbArray, queryRows, textArray } from "@/lib/db";
import type { MailAddress, MailTransport, OutgoingMessage } from "@/lib/delivery/types";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";

/**
 * The development transport (DESIGN.md §9): "sending" stores the message in LocalOutboxMessage,
 * where the app's Outbox page shows it. Idempotent by Message-ID through the table's unique key: a
 * second send of the same message inserts nothing and returns the first row's id.
 */

type OutboxDb = Pick<PrismaClient, "localOutboxMessage" | "$queryRaw">;

export function createLocalOutboxTransport(db: OutboxDb): MailTransport {
  // "Sending" is an insert: the messages sent in the same few milliseconds share one (work-batches.ts).
  const inserts = new DataLoader(
    (messages: readonly OutgoingMessage[]) => storeAll(db, messages),
    batchOptions,
  );
  return {
    name: "LOCAL_OUTBOX",
    async send(message: OutgoingMessage) {
      return { providerMessageId: await inserts.load(message) };
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

/**
 * Stores the messages not stored yet and resolves each to its row's id (the earlier row's, for a
 * message sent again). Raw SQL: Prisma never caches a createMany plan
 * (lib/campaigns/insert-history.ts), and a plain create would turn a repeated send into an error.
 */
async function storeAll(db: OutboxDb, messages: readonly OutgoingMessage[]): Promise<string[]> {
  const column = <T>(pick: (message: OutgoingMessage) => T) => messages.map(pick);
  const inserted = await queryRows<{ id: string; messageId: string }>(
    db,
    Prisma.sql`
    INSERT INTO "LocalOutboxMessage" (id, "userId", "emailId", kind, "fromAddress", "toAddress",
      "replyTo", subject, html, text, headers, "messageId")
    SELECT v.id, v.user_id, v.email_id, v.kind, v.from_address, v.to_address, v.reply_to, v.subject,
      v.html, v.text, v.headers, v.message_id
    FROM unnest(
      ${column(() => uuidv7())}::uuid[], ${column((m) => m.userId)}::uuid[],
      ${column((m) => m.emailId)}::uuid[], ${column((m) => m.kind)}::text[],
      ${column((m) => formatAddress(m.from))}::text[], ${column((m) => formatAddress(m.to))}::text[],
      ${column((m) => m.replyTo ?? null)}::text[], ${column((m) => m.subject)}::text[],
      ${textArray(column((m) => m.html))}, ${textArray(column((m) => m.text))},
      ${jsonbArray(column((m) => m.headers))}, ${column((m) => m.messageId)}::text[]
    ) WITH ORDINALITY AS v(id, user_id, email_id, kind, from_address, to_address, reply_to, subject,
      html, text, headers, message_id, position)
    ORDER BY v.position
    ON CONFLICT DO NOTHING
    RETURNING id, "messageId"`,
  );
  const idOf = new Map(inserted.map((row) => [row.messageId, row.id]));
  const earlier = messages.map((m) => m.messageId).filter((messageId) => !idOf.has(messageId));
  if (earlier.length > 0) {
    const rows = await db.localOutboxMessage.findMany({
      where: { messageId: { in: earlier } },
      select: { id: true, messageId: true },
    });
    for (const row of rows) idOf.set(row.messageId, row.id);
  }
  return messages.map((message) => {
    const id = idOf.get(message.messageId);
    if (!id) throw new Error(`local outbox: message ${message.messageId} was neither stored nor found`);
    return id;
  });
}

/** `Sam Rivera <sam@example.com>`; names with RFC 5322 specials are quoted. */
export function formatAddress({ name, address }: MailAddress): string {
  const clean = name.replace(/[\r\n]+/g, " ").trim();
  if (!clean) return address;
  const quoted = /[()<>[\]:;@\\,."]/.test(clean) ? `"${clean.replace(/["\\]/g, "\\$&")}"` : clean;
  return `${quoted} <${address}>`;
}
