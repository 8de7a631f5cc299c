import type { EnvelopeType, EventEnvelope, MessageAttributeName } from "@/lib/events/envelopes";
import { CampaignStatus } from "@/lib/generated/prisma/enums";

/**
 * The SNS/SQS topology of DESIGN.md §3, declared once. The same declaration provisions real AWS and
 * the local emulator (provision-topology.ts) and types the consumers (consume-queue.ts).
 *
 * Keys are logical names; physical names are `${resourcePrefix}-${key}-topic`,
 * `${resourcePrefix}-${key}-queue` and `…-queue-dlq` (buildTopology). Every queue gets a dead-letter
 * queue that SQS moves a message to after `maxReceiveCount` receives without a delete.
 *
 * Visibility timeouts are longer than the slowest expected handler (a second copy of a message is
 * harmless, consumers being idempotent, but wasteful); batch sizes follow what a message costs.
 */

export const TOPIC_KEYS = ["user-events", "campaign-events"] as const;
export type TopicKey = (typeof TOPIC_KEYS)[number];

/** Which topic carries each envelope type (the outbox relay publishes by this). */
export const TOPIC_OF_ENVELOPE = {
  USER_CREATED: "user-events",
  CAMPAIGN_STATUS_CHANGED: "campaign-events",
} as const satisfies Record<EnvelopeType, TopicKey>;

export type QueueSettings = {
  visibilityTimeoutSeconds: number;
  /** Messages per ReceiveMessage (1–10), handled concurrently. */
  batchSize: number;
  /** Receives without a delete before SQS moves the message to the dead-letter queue. */
  maxReceiveCount: number;
  /**
   * Consumers of the queue per worker process, each with its own receive in flight. A consumer
   * receives again only when its whole batch is handled and deleted, so with one per queue a busy
   * worker spent its time waiting on those round trips (bench:pipeline: ~50 campaigns/s with the
   * CPU a quarter idle); a second one receives while the first works.
   */
  pollers: number;
};

type QueueDeclaration = QueueSettings & {
  topic: TopicKey;
  /** The envelope type the queue's consumer handles; anything else is rejected to the DLQ. */
  accepts: EnvelopeType;
  /** The subscription's FilterPolicy: the message attribute must have one of the values. */
  filter: { attribute: MessageAttributeName; values: readonly string[] };
};

/** Market data, listings and sales are cached per zip and day: cheap, so large batches. */
const DATA_FETCH = { visibilityTimeoutSeconds: 60, batchSize: 10, maxReceiveCount: 5, pollers: 2 } as const;
/**
 * One AI (Bedrock) call per message, up to a minute or two: a long visibility timeout. Receives are
 * full batches (a consumer receives again only when its whole batch is done, so two at a time capped
 * the built-in writer at a few dozen a second); the writer itself caps how many model calls run at once.
 */
const AI_WRITING = { visibilityTimeoutSeconds: 300, batchSize: 10, maxReceiveCount: 4, pollers: 2 } as const;
/** Rendering and S3, or a provider call behind a claim. */
const EMAIL_WORK = { visibilityTimeoutSeconds: 120, batchSize: 10, maxReceiveCount: 5, pollers: 2 } as const;

const WAITING_FOR_DATA = {
  topic: "campaign-events",
  accepts: "CAMPAIGN_STATUS_CHANGED",
  filter: { attribute: "to_status", values: [CampaignStatus.WAITING_FOR_DATA] },
} as const;

export const QUEUES = {
  "welcome-emails": {
    topic: "user-events",
    accepts: "USER_CREATED",
    filter: { attribute: "type", values: ["USER_CREATED"] },
    ...EMAIL_WORK,
  },
  "local-market-updates": { ...WAITING_FOR_DATA, ...DATA_FETCH },
  "active-listings": { ...WAITING_FOR_DATA, ...DATA_FETCH },
  "recent-sales": { ...WAITING_FOR_DATA, ...DATA_FETCH },
  "property-valuation": { ...WAITING_FOR_DATA, ...DATA_FETCH },
  intro: { ...WAITING_FOR_DATA, ...AI_WRITING },
  "home-report": {
    topic: "campaign-events",
    accepts: "CAMPAIGN_STATUS_CHANGED",
    filter: { attribute: "to_status", values: [CampaignStatus.WAITING_FOR_HOME_ANALYSIS] },
    ...AI_WRITING,
  },
  "email-creation": {
    topic: "campaign-events",
    accepts: "CAMPAIGN_STATUS_CHANGED",
    filter: { attribute: "to_status", values: [CampaignStatus.READY_TO_CREATE_EMAIL] },
    ...EMAIL_WORK,
  },
  "email-sending": {
    topic: "campaign-events",
    accepts: "CAMPAIGN_STATUS_CHANGED",
    filter: { attribute: "to_status", values: [CampaignStatus.READY_TO_SEND_EMAIL] },
    ...EMAIL_WORK,
  },
} as const satisfies Record<string, QueueDeclaration>;

export type QueueKey = keyof typeof QUEUES;
export const QUEUE_KEYS = Object.keys(QUEUES) as QueueKey[];

type Declared<K extends QueueKey> = (typeof QUEUES)[K];

/** The envelope a queue's handler receives, narrowed to the statuses its subscription lets through. */
export type QueueEnvelope<K extends QueueKey> = Extract<EventEnvelope, { type: Declared<K>["accepts"] }> &
  (Declared<K>["filter"] extends { attribute: "to_status"; values: readonly (infer S)[] }
    ? { toStatus: S }
    : unknown);

export type TopicSpec<K extends TopicKey = TopicKey> = { key: K; name: string };

export type QueueSpec<K extends QueueKey = QueueKey> = Omit<Declared<K>, keyof QueueSettings> &
  QueueSettings & { key: K; name: string; dlqName: string };

/** The declaration with physical names (and, for tests, changed settings). */
export type Topology = {
  resourcePrefix: string;
  topics: { [K in TopicKey]: TopicSpec<K> };
  queues: { [K in QueueKey]: QueueSpec<K> };
};

export type TopologyOverrides = { [K in QueueKey]?: Partial<QueueSettings> };

// SQS queue names: 1–80 characters, alphanumerics, hyphens and underscores.
const LONGEST_SUFFIX = Math.max(...QUEUE_KEYS.map((key) => `-${key}-queue-dlq`.length));
const PREFIX_PATTERN = /^[A-Za-z0-9_-]+$/;

export function buildTopology(resourcePrefix: string, overrides: TopologyOverrides = {}): Topology {
  if (!PREFIX_PATTERN.test(resourcePrefix) || resourcePrefix.length + LONGEST_SUFFIX > 80) {
    throw new Error(
      `RESOURCE_PREFIX "${resourcePrefix}" is not usable in queue names: letters, digits, "-" and "_" only, at most ${80 - LONGEST_SUFFIX} characters`,
    );
  }
  const topics = Object.fromEntries(
    TOPIC_KEYS.map((key) => [key, { key, name: `${resourcePrefix}-${key}-topic` }]),
  ) as Topology["topics"];
  const queues = Object.fromEntries(
    QUEUE_KEYS.map((key) => {
      const name = `${resourcePrefix}-${key}-queue`;
      return [key, { ...QUEUES[key], ...overrides[key], key, name, dlqName: `${name}-dlq` }];
    }),
  ) as Topology["queues"];
  return { resourcePrefix, topics, queues };
}
