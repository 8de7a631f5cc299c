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
  await tx.outboxEvent.createMany({
    data: events.map(({ envelope, outboxKey }) => ({
      topic: TOPIC_OF_ENVELOPE[envelope.type],
      type: envelope.type,
      payload: envelope,
      dedupeKey: outboxKey ?? envelope.dedupeKey,
    })),
    skipDuplicates: true,
  });
}
