/**
 * The least-privilege IAM policy of each container (printed by `npm run provision:aws`), derived
 * from the AWS calls each runtime's code makes:
 * - web: the health check lists queues (ListQueues); pages read and the draft editor rewrites
 *   rendered email HTML (GetObject, PutObject under `emails/`). It publishes nothing: events go
 *   through the outbox table, which the workers relay.
 * - workers: resolve the topology at start (ListTopics; GetQueueUrl and GetQueueAttributes of each
 *   queue and dead-letter queue), consume
 *   (ReceiveMessage, DeleteMessage[Batch], ChangeMessageVisibility[Batch]; the batch calls use the
 *   single-call permissions), relay the outbox (Publish, PublishBatch → sns:Publish), store and read
 *   email HTML, call Bedrock's Converse API (bedrock:InvokeModel), and the health check's ListQueues.
 * - cron: no AWS call (mortgage rates come from FRED, approval mail goes through Postmark).
 * - migrate: no AWS call (only DATABASE_URL).
 * `provision:aws` itself runs with an administrator's credentials, not these.
 */

export type PolicyInput = {
  account: string;
  region: string;
  resourcePrefix: string;
  emailBucket: string;
  /** BEDROCK_MODEL_ID: a model id or a cross-region inference profile id (`us.anthropic…`). */
  bedrockModelId?: string;
  bedrockRegion?: string;
};

type Statement = { Sid: string; Effect: "Allow"; Action: string[]; Resource: string[] };
export type Policy = { Version: "2012-10-17"; Statement: Statement[] };
export const CONTAINERS = ["web", "workers", "cron", "migrate"] as const;
export type Container = (typeof CONTAINERS)[number];

const INFERENCE_PROFILE = /^(us|eu|apac|us-gov|global)\.(.+)$/;

export function iamPolicies(input: PolicyInput): Record<Container, Policy | null> {
  const { account, region, resourcePrefix: prefix, emailBucket } = input;
  const emails = `arn:aws:s3:::${emailBucket}/emails/*`;
  const listQueues: Statement = {
    Sid: "HealthCheckListsQueues",
    Effect: "Allow",
    Action: ["sqs:ListQueues"],
    Resource: ["*"],
  };
  const emailHtml = (actions: string[]): Statement => ({
    Sid: "EmailHtml",
    Effect: "Allow",
    Action: actions,
    Resource: [emails],
  });
  const workers: Statement[] = [
    listQueues,
    { Sid: "FindTopics", Effect: "Allow", Action: ["sns:ListTopics"], Resource: ["*"] },
    {
      Sid: "PublishEvents",
      Effect: "Allow",
      Action: ["sns:Publish"],
      Resource: [`arn:aws:sns:${region}:${account}:${prefix}-*-topic`],
    },
    {
      // The start-up check finds every queue and its dead-letter queue.
      Sid: "FindQueues",
      Effect: "Allow",
      Action: ["sqs:GetQueueUrl", "sqs:GetQueueAttributes"],
      Resource: [
        `arn:aws:sqs:${region}:${account}:${prefix}-*-queue`,
        `arn:aws:sqs:${region}:${account}:${prefix}-*-queue-dlq`,
      ],
    },
    {
      Sid: "ConsumeQueues",
      Effect: "Allow",
      Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"],
      Resource: [`arn:aws:sqs:${region}:${account}:${prefix}-*-queue`],
    },
    emailHtml(["s3:GetObject", "s3:PutObject"]),
  ];
  if (input.bedrockModelId) workers.push(bedrockStatement(input, input.bedrockModelId));
  return {
    web: { Version: "2012-10-17", Statement: [listQueues, emailHtml(["s3:GetObject", "s3:PutObject"])] },
    workers: { Version: "2012-10-17", Statement: workers },
    cron: null,
    migrate: null,
  };
}

/**
 * A cross-region inference profile needs the profile itself and the model in every region the
 * profile may route to; a plain model id needs the model in the Bedrock region.
 */
function bedrockStatement(input: PolicyInput, modelId: string): Statement {
  const region = input.bedrockRegion ?? input.region;
  const profile = INFERENCE_PROFILE.exec(modelId);
  const resources = profile
    ? [
        `arn:aws:bedrock:${region}:${input.account}:inference-profile/${modelId}`,
        `arn:aws:bedrock:*::foundation-model/${profile[2]}`,
      ]
    : [`arn:aws:bedrock:${region}::foundation-model/${modelId}`];
  return { Sid: "WriteWithBedrock", Effect: "Allow", Action: ["bedrock:InvokeModel"], Resource: resources };
}
