import { createSnsClient } from "@/lib/clients/aws/sns-client";
import { createSqsClient } from "@/lib/clients/aws/sqs-client";
import { ConfigError, getConfig } from "@/lib/env";
import { provisionTopology } from "@/lib/events/provision-topology";
import { buildTopology, QUEUE_KEYS } from "@/lib/events/topology";

/**
 * Creates the SNS topics, SQS queues, dead-letter queues and filtered subscriptions of
 * lib/events/topology.ts, or brings existing ones back to it. Safe to run any number of times.
 *
 *   node --import tsx --conditions=react-server scripts/provision-aws.ts
 *
 * Locally (DRIPR_MODE=local) it targets the emulator at AWS_ENDPOINT_URL (default
 * http://127.0.0.1:54331). In production it uses the SDK's credential chain and AWS_REGION, with the
 * configuration the app itself validates (lib/env.ts). Names start with RESOURCE_PREFIX (default
 * "dripr"). The caller needs sns:CreateTopic, ListTopics, ListSubscriptionsByTopic, Subscribe,
 * Get/SetSubscriptionAttributes and sqs:CreateQueue, GetQueueUrl, Get/SetQueueAttributes.
 */

try {
  const config = getConfig();
  const sns = createSnsClient(config.aws);
  const sqs = createSqsClient(config.aws);
  const target = config.aws.endpoint ? `emulator at ${config.aws.endpoint}` : `AWS ${config.aws.region}`;
  console.log(`provisioning SNS/SQS topology "${config.aws.resourcePrefix}" in ${target}`);
  try {
    const { resolved, changes } = await provisionTopology({
      sns,
      sqs,
      topology: buildTopology(config.aws.resourcePrefix),
    });
    for (const change of changes) {
      console.log(
        `  ${change.action.padEnd(7)} ${change.resource}${change.detail ? ` (${change.detail})` : ""}`,
      );
    }
    if (changes.length === 0) console.log("  nothing to change");
    for (const topic of Object.values(resolved.topics)) console.log(`topic ${topic.arn}`);
    for (const key of QUEUE_KEYS) {
      const queue = resolved.queues[key];
      console.log(`queue ${queue.url}  (dead letters: ${queue.dlq.url})`);
    }
    console.log(`done: ${changes.length} change${changes.length === 1 ? "" : "s"}`);
  } finally {
    sns.destroy();
    sqs.destroy();
  }
} catch (error) {
  const message =
    error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
  console.error(`provisioning failed: ${message}`);
  process.exitCode = 1;
}
