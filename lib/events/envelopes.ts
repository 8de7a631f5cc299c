import { z } from "zod";
import { CampaignStatus } from "@/lib/generated/prisma/enums";

/**
 * The messages on our SNS topics (DESIGN.md §3). Every message is a notification, never the only
 * copy of a fact: consumers re-read the database and use `dedupeKey` and the cycle to stay
 * idempotent. A breaking change gets a new `version`; a consumer rejects versions it does not know
 * (the message goes to the dead-letter queue) instead of guessing.
 */

const envelopeBase = {
  version: z.literal(1),
  /** Same key for the same fact, whoever publishes it and however often. */
  dedupeKey: z.string().trim().min(1).max(256),
  occurredAt: z.iso.datetime({ offset: true }),
};

export const campaignStatusChangedEnvelope = z.object({
  type: z.literal("CAMPAIGN_STATUS_CHANGED"),
  ...envelopeBase,
  campaignId: z.uuid(),
  userId: z.uuid(),
  cycle: z.int().min(0),
  fromStatus: z.enum(CampaignStatus),
  toStatus: z.enum(CampaignStatus),
});

export const userCreatedEnvelope = z.object({
  type: z.literal("USER_CREATED"),
  ...envelopeBase,
  userId: z.uuid(),
});

export const eventEnvelope = z.discriminatedUnion("type", [
  campaignStatusChangedEnvelope,
  userCreatedEnvelope,
]);

export type CampaignStatusChangedEnvelope = z.infer<typeof campaignStatusChangedEnvelope>;
export type UserCreatedEnvelope = z.infer<typeof userCreatedEnvelope>;
export type EventEnvelope = z.infer<typeof eventEnvelope>;
export type EnvelopeType = EventEnvelope["type"];

export type ParsedEnvelope =
  | { ok: true; envelope: EventEnvelope }
  | { ok: false; error: string; issues: z.core.$ZodIssue[] };

/** Parses a message body (raw SNS delivery: the body is the envelope's JSON). Never throws. */
export function parseEnvelope(body: string): ParsedEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `body is not JSON (${reason})`, issues: [] };
  }
  const parsed = eventEnvelope.safeParse(json);
  if (parsed.success) return { ok: true, envelope: parsed.data };
  return { ok: false, error: z.prettifyError(parsed.error), issues: parsed.error.issues };
}

/**
 * SNS message attributes of an envelope. Subscriptions filter on them (`type`, `to_status`), so they
 * are derived from the envelope here and nowhere else; consumers check them against their queue's
 * filter with the same function.
 */
export function messageAttributesOf(envelope: EventEnvelope): MessageAttributes {
  const attributes: MessageAttributes = { type: envelope.type, dedupe_key: envelope.dedupeKey };
  if (envelope.type === "CAMPAIGN_STATUS_CHANGED") attributes.to_status = envelope.toStatus;
  return attributes;
}

export type MessageAttributeName = "type" | "to_status" | "dedupe_key";
export type MessageAttributes = Partial<Record<MessageAttributeName, string>>;
