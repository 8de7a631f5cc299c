import { ListTopicsCommand, type SNSClient } from "@aws-sdk/client-sns";
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { QUEUE_KEYS, type QueueKey, TOPIC_KEYS, type TopicKey, type Topology } from "@/lib/events/topology";

export type ResolvedQueue = { name: string; url: string; arn: string };

/** Where the topology lives in one account and region: what publishers and consumers need. */
export type ResolvedTopology = {
  topics: Record<TopicKey, { name: string; arn: string }>;
  queues: Record<QueueKey, ResolvedQueue & { dlq: ResolvedQueue }>;
};

export class TopologyNotProvisionedError extends Error {
  constructor(readonly missing: string[]) {
    super(
      `SNS/SQS topology is not provisioned (missing: ${missing.join(", ")}); run scripts/provision-aws.ts (npm run dev does it locally)`,
    );
    this.name = "TopologyNotProvisionedError";
  }
}

const cache = new WeakMap<SNSClient, WeakMap<SQSClient, Map<string, Promise<ResolvedTopology>>>>();

/**
 * Looks the provisioned topology up by name (ListTopics, GetQueueUrl, GetQueueAttributes) without
 * creating anything, so the runtime needs no create permissions and a missing resource is an error
 * that says to provision. The lookup is made once per client pair and prefix; a failed one is retried
 * on the next call.
 */
export function resolveTopology(clients: {
  sns: SNSClient;
  sqs: SQSClient;
  topology: Topology;
}): Promise<ResolvedTopology> {
  const { sns, sqs, topology } = clients;
  const bySqs = cache.get(sns) ?? new WeakMap();
  cache.set(sns, bySqs);
  const byPrefix = bySqs.get(sqs) ?? new Map();
  bySqs.set(sqs, byPrefix);
  const found = byPrefix.get(topology.resourcePrefix);
  if (found) return found;

  const lookup = lookUpTopology(sns, sqs, topology);
  byPrefix.set(topology.resourcePrefix, lookup);
  lookup.catch(() => byPrefix.delete(topology.resourcePrefix));
  return lookup;
}

async function lookUpTopology(sns: SNSClient, sqs: SQSClient, topology: Topology): Promise<ResolvedTopology> {
  const missing: string[] = [];
  const topicArns = await listTopicArnsByName(sns);
  const topics = {} as ResolvedTopology["topics"];
  for (const key of TOPIC_KEYS) {
    const { name } = topology.topics[key];
    const arn = topicArns.get(name);
    if (arn) topics[key] = { name, arn };
    else missing.push(name);
  }
  const queues = {} as ResolvedTopology["queues"];
  await Promise.all(
    QUEUE_KEYS.map(async (key) => {
      const { name, dlqName } = topology.queues[key];
      const [queue, dlq] = await Promise.all([findQueue(sqs, name), findQueue(sqs, dlqName)]);
      if (!queue) missing.push(name);
      if (!dlq) missing.push(dlqName);
      if (queue && dlq) queues[key] = { ...queue, dlq };
    }),
  );
  if (missing.length > 0) throw new TopologyNotProvisionedError(missing);
  return { topics, queues };
}

/** Topic name → ARN for every topic of the account and region (ARNs end with `:<name>`). */
export async function listTopicArnsByName(sns: SNSClient): Promise<Map<string, string>> {
  const arns = new Map<string, string>();
  let nextToken: string | undefined;
  do {
    const page = await sns.send(new ListTopicsCommand({ NextToken: nextToken }));
    for (const { TopicArn } of page.Topics ?? []) {
      if (TopicArn) arns.set(TopicArn.slice(TopicArn.lastIndexOf(":") + 1), TopicArn);
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return arns;
}

/** The queue's URL and ARN, or undefined when it does not exist. */
export async function findQueue(sqs: SQSClient, name: string): Promise<ResolvedQueue | undefined> {
  let url: string | undefined;
  try {
    url = (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
  } catch (error) {
    if (error instanceof QueueDoesNotExist) return undefined;
    throw error;
  }
  if (!url) return undefined;
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }),
  );
  const arn = Attributes?.QueueArn;
  if (!arn) throw new Error(`SQS returned no QueueArn for ${name}`);
  return { name, url, arn };
}
