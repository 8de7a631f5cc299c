import { randomUUID } from "node:crypto";
import type { SNSClient } from "@aws-sdk/client-sns";
import { GetQueueAttributesCommand, ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { type FauxqsServer, startFauxqs } from "fauxqs";
import pino from "pino";
import { createSnsClient } from "@/lib/clients/aws/sns-client";
import { createSqsClient } from "@/lib/clients/aws/sqs-client";
import type { CampaignStatusChangedEnvelope, UserCreatedEnvelope } from "@/lib/events/envelopes";
import type { Logger } from "@/lib/logger";

/**
 * Test support for lib/events (imported by *.test.ts only): the fauxqs emulator started in-process on
 * a free port, reached through the real AWS SDK clients of the app, plus envelope builders and queue
 * helpers.
 */

export type TestEmulator = {
  server: FauxqsServer;
  sns: SNSClient;
  sqs: SQSClient;
  /** Region, endpoint and credentials, for clients of a test's own. */
  aws: { region: string; endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  stop(): Promise<void>;
};

export async function startTestEmulator(): Promise<TestEmulator> {
  const server = await startFauxqs({ port: 0, logger: false });
  const aws = {
    region: "us-east-1",
    endpoint: `http://127.0.0.1:${server.port}`,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  };
  const sns = createSnsClient(aws);
  const sqs = createSqsClient(aws);
  return {
    server,
    sns,
    sqs,
    aws,
    async stop() {
      sns.destroy();
      sqs.destroy();
      await server.stop();
    },
  };
}

/** A resource prefix no other test uses, so tests can share one emulator. */
export function uniquePrefix(): string {
  return `t${randomUUID().slice(0, 8)}`;
}

export function campaignEvent(
  overrides: Partial<CampaignStatusChangedEnvelope> = {},
): CampaignStatusChangedEnvelope {
  const campaignId = overrides.campaignId ?? randomUUID();
  const cycle = overrides.cycle ?? 0;
  const toStatus = overrides.toStatus ?? "WAITING_FOR_DATA";
  return {
    type: "CAMPAIGN_STATUS_CHANGED",
    version: 1,
    campaignId,
    userId: randomUUID(),
    cycle,
    fromStatus: "DORMANT",
    toStatus,
    dedupeKey: `campaign:${campaignId}:${cycle}:${toStatus}`,
    occurredAt: new Date().toISOString(),
    ...overrides,
  };
}

export function userCreatedEvent(overrides: Partial<UserCreatedEnvelope> = {}): UserCreatedEnvelope {
  const userId = overrides.userId ?? randomUUID();
  return {
    type: "USER_CREATED",
    version: 1,
    userId,
    dedupeKey: `user-created:${userId}`,
    occurredAt: new Date().toISOString(),
    ...overrides,
  };
}

/** Messages in the queue, visible or in flight. */
export async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible)
  );
}

/** Receives (and leaves in flight) one message, waiting up to `waitSeconds`. */
export async function receiveOne(sqs: SQSClient, queueUrl: string, waitSeconds = 5) {
  const { Messages } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      WaitTimeSeconds: waitSeconds,
      MessageAttributeNames: ["All"],
      MessageSystemAttributeNames: ["ApproximateReceiveCount"],
    }),
  );
  return Messages?.[0];
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export type LogLine = { level: string; msg: string } & Record<string, unknown>;

/** A logger whose JSON lines (at debug and above) are collected in `lines`. */
export function captureLogger(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = pino(
    { level: "debug", formatters: { level: (label) => ({ level: label }) } },
    { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  );
  return { log, lines };
}
