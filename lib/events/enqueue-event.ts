import type { EventEnvelope } from "@/lib/events/envelopes";
import { TOPIC_OF_ENVELOPE } from "@/lib/events/topology";
import { Prisma } from "@/lib/generated/prisma/client";

export type OutboxEntry = { envelope: EventEnvelope; outboxKey?: string };

/**
 * Writes an event to the transactional outbox, in the caller's transaction: the fact and its
 * notification commit together or not at all (DESIGN.md §3). The relay publishes it later.
 * A second write with the same outbox key is a no-op, so a retried transaction cannot publish twice.
 * `outboxKey` differs from the envelope's dedupe key only when the same fact is deliberately
 * published again (the poller's recovery of a stuck campaign).
 */
export async function enqueueEvent(
  tx: Pick<Prisma.TransactionClient, "$executeRaw">,
  envelope: EventEnvelope,
  outboxKey: string = envelope.dedupeKey,
): Promise<void> {
  await enqueueEvents(tx, [{ envelope, outboxKey }]);
}

/** enqueueEvent for many events in one statement (the poller's batched transitions). */
export async function enqueueEvents(
  tx: Pick<Prisma.TransactionClient, "$executeRaw">,
  events: readonly OutboxEntry[],
): Promise<void> {
  if (events.length === 0) return;
  await tx.$executeRaw(enqueueEventsSql(events));
}

/**
 * The outbox `INSERT … SELECT`, in the events' order; `keep` filters them when this is a step of a
 * larger statement (transitionCampaigns). Raw SQL: Prisma never caches a createMany plan
 * (lib/campaigns/insert-history.ts).
 */
export function enqueueEventsSql(
  events: readonly OutboxEntry[],
  keep: Prisma.Sql = Prisma.empty,
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "OutboxEvent" (topic, type, payload, "dedupeKey")
    SELECT o.topic, o.type, o.payload::jsonb, o.dedupe_key
    FROM unnest(
      ${events.map(({ envelope }) => TOPIC_OF_ENVELOPE[envelope.type])}::text[],
      ${events.map(({ envelope }) => envelope.type)}::text[],
      ${events.map(({ envelope }) => JSON.stringify(envelope))}::text[],
      ${events.map(({ envelope, outboxKey }) => outboxKey ?? envelope.dedupeKey)}::text[],
      ${events.map(({ envelope }) => ("campaignId" in envelope ? envelope.campaignId : null))}::uuid[]
    ) WITH ORDINALITY AS o(topic, type, payload, dedupe_key, campaign_id, position)
    ${keep}
    ORDER BY o.position
    ON CONFLICT ("dedupeKey") DO NOTHING`;
}
