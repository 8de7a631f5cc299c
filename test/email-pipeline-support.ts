import { type FauxqsServer, startFauxqs } from "fauxqs";
import { createPipelineDeps } from "@/lib/campaigns/create-pipeline-deps";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { pollCampaigns } from "@/lib/campaigns/poller/poll-campaigns";
import { createS3Client } from "@/lib/clients/aws/s3-client";
import { getDb } from "@/lib/db";
import { getConfig } from "@/lib/env";
import type { CampaignStatusChangedEnvelope } from "@/lib/events/envelopes";
import type { QueueKey } from "@/lib/events/topology";
import type { CampaignStatus } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/logger";
import { createQueueHandler } from "@/workers/queue-handlers";

/**
 * Test support for the email use cases (imported by *.db.test.ts only): pipeline dependencies whose
 * S3 is the fauxqs emulator started in-process, a settable clock, and a driver that runs one
 * campaign's cycle through the real poller and the real queue handlers, without the queues.
 */

export const TEST_BUCKET = "dripr-email-tests";

export type EmailTestEnv = { deps: PipelineDeps; clock: { now: Date }; stop(): Promise<void> };

export async function startEmailTestEnv(now: Date): Promise<EmailTestEnv> {
  const server: FauxqsServer = await startFauxqs({ port: 0, logger: false });
  server.createBucket(TEST_BUCKET);
  const config = getConfig();
  const clock = { now };
  const aws = {
    ...config.aws,
    endpoint: `http://127.0.0.1:${server.port}`,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    emailBucket: TEST_BUCKET,
  };
  const s3 = createS3Client(aws);
  const deps: PipelineDeps = {
    ...createPipelineDeps(config, getDb(), logger),
    s3,
    config: { ...config, aws, pipeline: { ...config.pipeline, firstTimeDelayHours: 0 } },
    now: () => clock.now,
  };
  return {
    deps,
    clock,
    async stop() {
      s3.destroy();
      await server.stop();
    },
  };
}

/** One poller tick at the test clock. */
export function poll(env: EmailTestEnv) {
  return pollCampaigns({
    db: env.deps.db,
    now: env.clock.now,
    clock: () => env.clock.now,
    pipeline: env.deps.config.pipeline,
    billing: undefined,
    batchSize: 500,
    log: logger,
  });
}

const STEP_QUEUES: Partial<Record<CampaignStatus, QueueKey[]>> = {
  WAITING_FOR_DATA: [
    "local-market-updates",
    "active-listings",
    "recent-sales",
    "property-valuation",
    "intro",
  ],
  WAITING_FOR_HOME_ANALYSIS: ["home-report"],
  READY_TO_CREATE_EMAIL: ["email-creation"],
  READY_TO_SEND_EMAIL: ["email-sending"],
};

/** Delivers the current status's event of one campaign to every queue that acts on it. */
export async function deliverStatusEvent(env: EmailTestEnv, campaignId: string): Promise<CampaignStatus> {
  const campaign = await env.deps.db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
  for (const key of STEP_QUEUES[campaign.status] ?? []) {
    const envelope: CampaignStatusChangedEnvelope = {
      type: "CAMPAIGN_STATUS_CHANGED",
      version: 1,
      campaignId,
      userId: campaign.userId,
      cycle: campaign.cycle,
      fromStatus: campaign.status,
      toStatus: campaign.status,
      dedupeKey: `test:${campaignId}:${campaign.cycle}:${campaign.status}`,
      occurredAt: env.clock.now.toISOString(),
    };
    const handler = createQueueHandler(key, env.deps) as (e: unknown, c: unknown) => Promise<void>;
    await handler(envelope, {
      queue: key,
      messageId: "test",
      receiveCount: 1,
      maxReceiveCount: 5,
      log: logger,
    });
  }
  return campaign.status;
}

/** Polls and delivers events until the campaigns stop moving (at most `rounds` rounds). */
export async function runPipeline(env: EmailTestEnv, campaignIds: string[], rounds = 8): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    await poll(env);
    for (const id of campaignIds) await deliverStatusEvent(env, id);
  }
}
