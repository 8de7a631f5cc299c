import { createS3Client } from "@/lib/clients/aws/s3-client";
import { createSnsClient } from "@/lib/clients/aws/sns-client";
import { createSqsClient } from "@/lib/clients/aws/sqs-client";
import { CONTAINERS, iamPolicies } from "@/lib/deploy/iam-policies";
import { provisionEmailBucket } from "@/lib/deploy/provision-email-bucket";
import { ConfigError, getConfig } from "@/lib/env";
import { provisionTopology } from "@/lib/events/provision-topology";
import { buildTopology, QUEUE_KEYS } from "@/lib/events/topology";

/**
 * Creates the SNS topics, SQS queues, dead-letter queues and filtered subscriptions of
 * lib/events/topology.ts and the email bucket (EMAIL_BUCKET: public access blocked, encrypted,
 * old emails expiring; lib/deploy/provision-email-bucket.ts), or brings existing ones back to them,
 * then prints the least-privilege IAM policy of each container (lib/deploy/iam-policies.ts). Safe to
 * run any number of times.
 *
 *   node --import tsx --conditions=react-server scripts/provision-aws.ts
 *
 * Locally (DRIPR_MODE=local) it targets the emulator at AWS_ENDPOINT_URL (default
 * http://127.0.0.1:54331). In production it uses the SDK's credential chain and AWS_REGION, with the
 * configuration the app itself validates (lib/env.ts). Names start with RESOURCE_PREFIX (default
 * "dripr"). The caller needs sns:CreateTopic, ListTopics, ListSubscriptionsByTopic, Subscribe,
 * Get/SetSubscriptionAttributes, sqs:CreateQueue, GetQueueUrl, Get/SetQueueAttributes and
 * s3:CreateBucket, ListBucket (HeadBucket), PutBucketPublicAccessBlock, PutEncryptionConfiguration,
 * PutLifecycleConfiguration. The emulator accepts the bucket settings without keeping them.
 */

try {
  const config = getConfig();
  const sns = createSnsClient(config.aws);
  const sqs = createSqsClient(config.aws);
  const s3 = createS3Client(config.aws);
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
    const bucketChanges = await provisionEmailBucket(s3, config.aws.emailBucket, config.aws.region);
    for (const change of bucketChanges) {
      console.log(
        `  ${change.action.padEnd(7)} ${change.resource}${change.detail ? ` (${change.detail})` : ""}`,
      );
    }
    console.log(
      `done: ${changes.length} topology change${changes.length === 1 ? "" : "s"}, email bucket ready`,
    );

    // The account is the one the topics were created in (arn:aws:sns:<region>:<account>:<name>).
    const account = resolved.topics["user-events"].arn.split(":")[4] ?? "ACCOUNT_ID";
    const policies = iamPolicies({
      account,
      region: config.aws.region,
      resourcePrefix: config.aws.resourcePrefix,
      emailBucket: config.aws.emailBucket,
      bedrockModelId: config.bedrock?.modelId,
      bedrockRegion: config.bedrock?.region,
    });
    console.log("\nIAM policy of each container (one IAM user or role per container; README → Deployment):");
    for (const container of CONTAINERS) {
      const policy = policies[container];
      console.log(`\n# ${container}`);
      console.log(
        policy ? JSON.stringify(policy, null, 2) : "(no AWS permission needed: give it no AWS credentials)",
      );
    }
  } finally {
    sns.destroy();
    sqs.destroy();
    s3.destroy();
  }
} catch (error) {
  const message =
    error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
  console.error(`provisioning failed: ${message}`);
  process.exitCode = 1;
}
