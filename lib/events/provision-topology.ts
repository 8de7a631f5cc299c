import { isDeepStrictEqual } from "node:util";
import {
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SetSubscriptionAttributesCommand,
  type SNSClient,
  SubscribeCommand,
} from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type QueueAttributeName,
  SetQueueAttributesCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import {
  findQueue,
  listTopicArnsByName,
  type ResolvedQueue,
  type ResolvedTopology,
} from "@/lib/events/resolve-topology";
import { QUEUE_KEYS, type QueueSpec, TOPIC_KEYS, type Topology } from "@/lib/events/topology";

/**
 * Creates the topology (topology.ts) in one AWS account and region, or in the emulator, and brings
 * existing resources back to the declaration: queue attributes, redrive policies, queue policies and
 * subscription filters that differ are updated, so a second run changes nothing. Nothing is deleted
 * (a queue dropped from the declaration is left for an operator to remove).
 *
 * Checks existence with Get/List calls rather than relying on Create* being idempotent: CreateQueue
 * and Subscribe fail when the existing resource has different attributes.
 * (ListDeadLetterSourceQueues is not used: the emulator does not implement it.)
 */

export type ProvisionChange = { resource: string; action: "created" | "updated"; detail?: string };
export type ProvisionResult = { resolved: ResolvedTopology; changes: ProvisionChange[] };

/** Longest retention SQS allows, so an operator has two weeks to look at a dead letter. */
const DLQ_RETENTION_SECONDS = 14 * 24 * 3600;
/** SQS's default, stated so a queue changed by hand is brought back. Shorter than the DLQ's. */
const QUEUE_RETENTION_SECONDS = 4 * 24 * 3600;

export async function provisionTopology(clients: {
  sns: SNSClient;
  sqs: SQSClient;
  topology: Topology;
}): Promise<ProvisionResult> {
  const { sns, sqs, topology } = clients;
  const changes: ProvisionChange[] = [];

  const existingTopics = await listTopicArnsByName(sns);
  const topics = {} as ResolvedTopology["topics"];
  for (const key of TOPIC_KEYS) {
    const { name } = topology.topics[key];
    let arn = existingTopics.get(name);
    if (!arn) {
      arn = (await sns.send(new CreateTopicCommand({ Name: name }))).TopicArn;
      if (!arn) throw new Error(`SNS returned no TopicArn for ${name}`);
      changes.push({ resource: `topic ${name}`, action: "created" });
    }
    topics[key] = { name, arn };
  }

  const subscriptionsByTopic = new Map<string, Map<string, string>>();
  for (const { arn } of Object.values(topics)) {
    subscriptionsByTopic.set(arn, await listSqsSubscriptions(sns, arn));
  }

  // Queues are independent of each other: provision them concurrently, report in declaration order.
  const perQueue = await Promise.all(
    QUEUE_KEYS.map(async (key) => {
      const spec: QueueSpec = topology.queues[key];
      const queueChanges: ProvisionChange[] = [];
      const topicArn = topics[spec.topic].arn;

      const dlq = await ensureQueue(
        sqs,
        spec.dlqName,
        () => ({
          MessageRetentionPeriod: String(DLQ_RETENTION_SECONDS),
        }),
        queueChanges,
      );
      const queue = await ensureQueue(
        sqs,
        spec.name,
        (queueArn) => ({
          VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
          MessageRetentionPeriod: String(QUEUE_RETENTION_SECONDS),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: dlq.arn,
            maxReceiveCount: spec.maxReceiveCount,
          }),
          Policy: JSON.stringify(topicMaySendTo(queueArn, topicArn)),
        }),
        queueChanges,
      );

      const existing = subscriptionsByTopic.get(topicArn)?.get(queue.arn);
      await ensureSubscription(sns, { topicArn, queue, spec, existing }, queueChanges);
      return { key, resolved: { ...queue, dlq }, changes: queueChanges };
    }),
  );
  const queues = {} as ResolvedTopology["queues"];
  for (const { key, resolved, changes: queueChanges } of perQueue) {
    queues[key] = resolved;
    changes.push(...queueChanges);
  }
  return { resolved: { topics, queues }, changes };
}

type QueueAttributes = Partial<Record<QueueAttributeName, string>>;

/**
 * Creates the queue, or updates the attributes that differ. A new queue is created bare and then
 * given its attributes because the policy names the queue's own ARN; a run interrupted in between is
 * completed by the next one.
 */
async function ensureQueue(
  sqs: SQSClient,
  name: string,
  attributes: (queueArn: string) => QueueAttributes,
  changes: ProvisionChange[],
): Promise<ResolvedQueue> {
  const found = await findQueue(sqs, name);
  if (found) {
    await updateQueueAttributes(sqs, found, attributes(found.arn), changes);
    return found;
  }
  await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const created = await findQueue(sqs, name);
  if (!created) throw new Error(`queue ${name} was created but cannot be found`);
  await updateQueueAttributes(sqs, created, attributes(created.arn), []);
  changes.push({ resource: `queue ${name}`, action: "created" });
  return created;
}

async function updateQueueAttributes(
  sqs: SQSClient,
  queue: ResolvedQueue,
  desired: QueueAttributes,
  changes: ProvisionChange[],
): Promise<void> {
  const names = Object.keys(desired) as QueueAttributeName[];
  const { Attributes: actual = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: names }),
  );
  const differing: QueueAttributes = {};
  for (const name of names) {
    const want = desired[name];
    const have = actual[name];
    if (want !== undefined && !sameAttributeValue(have, want)) differing[name] = want;
  }
  if (Object.keys(differing).length === 0) return;
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl: queue.url, Attributes: differing }));
  changes.push({
    resource: `queue ${queue.name}`,
    action: "updated",
    detail: Object.keys(differing).join(", "),
  });
}

async function ensureSubscription(
  sns: SNSClient,
  target: { topicArn: string; queue: ResolvedQueue; spec: QueueSpec; existing: string | undefined },
  changes: ProvisionChange[],
): Promise<void> {
  const { topicArn, queue, spec, existing } = target;
  const desired: Record<string, string> = {
    FilterPolicy: JSON.stringify({ [spec.filter.attribute]: [...spec.filter.values] }),
    RawMessageDelivery: "true",
  };
  const resource = `subscription ${spec.name} ← ${topicArn.slice(topicArn.lastIndexOf(":") + 1)}`;
  if (!existing) {
    await sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: "sqs",
        Endpoint: queue.arn,
        Attributes: desired,
        ReturnSubscriptionArn: true,
      }),
    );
    changes.push({ resource, action: "created", detail: desired.FilterPolicy });
    return;
  }
  const { Attributes: actual = {} } = await sns.send(
    new GetSubscriptionAttributesCommand({ SubscriptionArn: existing }),
  );
  const updated: string[] = [];
  for (const [name, value] of Object.entries(desired)) {
    if (sameAttributeValue(actual[name], value)) continue;
    await sns.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn: existing,
        AttributeName: name,
        AttributeValue: value,
      }),
    );
    updated.push(name);
  }
  if (updated.length > 0) changes.push({ resource, action: "updated", detail: updated.join(", ") });
}

/** Queue ARN → subscription ARN, for the topic's SQS subscriptions. */
async function listSqsSubscriptions(sns: SNSClient, topicArn: string): Promise<Map<string, string>> {
  const byEndpoint = new Map<string, string>();
  let nextToken: string | undefined;
  do {
    const page = await sns.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: nextToken }),
    );
    for (const sub of page.Subscriptions ?? []) {
      // A subscription still pending confirmation has the ARN "PendingConfirmation": not usable.
      if (sub.Protocol === "sqs" && sub.Endpoint && sub.SubscriptionArn?.startsWith("arn:")) {
        byEndpoint.set(sub.Endpoint, sub.SubscriptionArn);
      }
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return byEndpoint;
}

/** On real AWS, SNS may deliver to a queue only if the queue's policy lets the topic send. */
function topicMaySendTo(queueArn: string, topicArn: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowTopicToSend",
        Effect: "Allow",
        Principal: { Service: "sns.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: queueArn,
        Condition: { ArnEquals: { "aws:SourceArn": topicArn } },
      },
    ],
  };
}

/**
 * AWS returns JSON attributes (policies, filters) reformatted and numbers as strings, so JSON values
 * are compared parsed, with numeric strings read as numbers.
 */
function sameAttributeValue(actual: string | undefined, desired: string): boolean {
  if (actual === desired) return true;
  if (actual === undefined) return false;
  const a = parseJson(actual);
  const b = parseJson(desired);
  return a !== undefined && b !== undefined && isDeepStrictEqual(a, b);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text, (_key, value: unknown) =>
      typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value,
    );
  } catch {
    return undefined;
  }
}
