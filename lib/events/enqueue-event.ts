import type { EventEnvelope } from "@/lib/events/envelopes";
import { TOPIC_OF_ENVELOPE } from "@/lib/events/topology";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Writes an event to the transactional outbox, in the caller's transaction: the fact and its
 * notification commit together or not at all (DESIGN.md §3). The relay publishes it later.
 * A second write with the same outbox key is a no-op, so a retried transaction cannot publish twice.
 * `outboxKey` differs from the envelope's dedupe key only when the same fact is deliberately
 * published again (the poller's recovery of a stuck campaign).
 */
export async function enqueueEvent(
  tx: Prisma.TransactionClient,
  envelope: EventEnvelope,
  outboxKey: string = envelope.dedupeKey,
): Promise<void> {
  await enqueueEvents(tx, [{ envelope, outboxKey }]);
}

/** enqueueEvent for many events in one statement (the poller's batched transitions). */
export async function enqueueEvents(
  tx: Prisma.TransactionClient,
  events: readonly { envelope: EventEnvelope; outboxKey?: string }[],
): Promise<void> {
  if (events.length === 0) return;
  // Raw SQL: Prisma never caches a createMany plan (see insert-history.ts).
  await tx.$executeRaw`
    INSERT INTO "OutboxEvent" (topic, type, payload, "dedupeKey")
    SELECT v.topic, v.type, v.payload::jsonb, v.dedupe_key
    FROM unnest(
      ${events.map(({ envelope }) => TOPIC_OF_ENVELOPE[envelope.type])}::text[],
      ${events.map(({ envelope }) => envelope.type)}::text[],
      ${events.map(({ envelope }) => JSON.stringify(envelope))}::text[],
      ${events.map(({ envelope, outboxKey }) => outboxKey ?? envelope.dedupeKey)}::text[]
    ) WITH ORDINALITY AS v(topic, type, payload, dedupe_key, position)
    ORDER BY v.position
    ON CONFLICT ("dedupeKey") DO NOTHING`;
}
