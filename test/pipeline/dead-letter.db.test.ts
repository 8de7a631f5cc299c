import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transitionCampaign } from "@/lib/campaigns/transition-campaign";
import { buildTopology } from "@/lib/events/topology";
import type { Campaign } from "@/lib/generated/prisma/client";
import {
  type ChildHandle,
  type PipelineHarness,
  readText,
  startPipelineHarness,
} from "@/test/pipeline/pipeline-harness";

/**
 * Issue 3 acceptance, poison messages: a message no consumer can ever handle goes to its queue's
 * dead-letter queue (after maxReceiveCount quick receives) with an error log naming the queue, and
 * does not block anything. The campaign it named, whose real event was lost, is recovered by the
 * poller's stuck-campaign check and completes its cycle.
 */

const QUEUE = "email-creation" as const;

let harness: PipelineHarness;
let campaign: Campaign;
let worker: ChildHandle;
let truncated: string;
let missingFields: string;

beforeAll(async () => {
  harness = await startPipelineHarness({ name: "dead-letter", stuckAfterMinutes: 0.1 });
  await harness.startEmulator();
  const [agent] = await harness.seedAgents(1);
  if (!agent) throw new Error("no agent seeded");
  // Not due (the poller must not start it): the test starts the cycle itself, in the past.
  const [seeded] = await harness.seedDueCampaigns([agent], 1, {
    nextSendDate: new Date(Date.now() + 30 * 86_400_000),
  });
  if (!seeded) throw new Error("no campaign seeded");

  // The cycle started a minute ago and its WAITING_FOR_DATA event was published and then lost
  // (an emulator restart, say): the outbox row is marked published, nothing is in any queue.
  const aMinuteAgo = new Date(Date.now() - 60_000);
  const { db } = harness;
  const cycle = await db.$transaction((tx) =>
    transitionCampaign(tx, {
      campaignId: seeded.id,
      userId: seeded.userId,
      from: "DORMANT",
      to: "WAITING_FOR_DATA",
      cycle: seeded.cycle,
      actor: "POLLER",
      now: aMinuteAgo,
    }),
  );
  expect(cycle).toBe(1);
  const lost = await db.outboxEvent.updateMany({
    where: { publishedAt: null },
    data: { publishedAt: aMinuteAgo },
  });
  expect(lost.count).toBe(1);
  campaign = await db.campaign.findUniqueOrThrow({ where: { id: seeded.id } });

  const envelope = {
    type: "CAMPAIGN_STATUS_CHANGED",
    version: 1,
    campaignId: campaign.id,
    userId: campaign.userId,
    cycle: 1,
    fromStatus: "WAITING_FOR_HOME_ANALYSIS",
    toStatus: "READY_TO_CREATE_EMAIL",
    dedupeKey: `campaign:${campaign.id}:cycle:1:READY_TO_CREATE_EMAIL`,
    occurredAt: new Date().toISOString(),
  };
  truncated = JSON.stringify(envelope).slice(0, 70);
  missingFields = JSON.stringify({
    type: envelope.type,
    campaignId: campaign.id,
    toStatus: envelope.toStatus,
  });
  const queueUrl = harness.topology.queues[QUEUE].url;
  for (const body of [truncated, missingFields]) {
    await harness.aws.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
  }
  worker = harness.startWorker();
}, 180_000);

afterAll(async () => {
  await harness?.close();
}, 30_000);

describe(`a malformed message on the ${QUEUE} queue`, () => {
  it("lands in the queue's dead-letter queue, with an error log line naming the queue", async () => {
    const { sqs } = harness.aws;
    const { url, dlq } = harness.topology.queues[QUEUE];
    const depth = async (queueUrl: string) => {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        }),
      );
      return (
        Number(Attributes.ApproximateNumberOfMessages) +
        Number(Attributes.ApproximateNumberOfMessagesNotVisible)
      );
    };
    await harness.waitUntil(
      "both messages in the dead-letter queue",
      async () => (await depth(dlq.url)) === 2,
      {
        timeoutMs: 45_000,
        campaignIds: [campaign.id],
      },
    );
    expect(await depth(url)).toBe(0);

    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: dlq.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    expect(Messages.map((m) => m.Body).sort()).toEqual([truncated, missingFields].sort());

    const rejections = readJsonLog(worker.logFile).filter(
      (line) =>
        line.level === "error" && line.queue === QUEUE && String(line.msg).includes("dead-letter queue"),
    );
    const { maxReceiveCount } = buildTopology("dripr").queues[QUEUE];
    for (const body of [truncated, missingFields]) {
      const lines = rejections.filter((line) => line.queueMessage === body);
      // One error line per receive; SQS moves the message after maxReceiveCount receives.
      expect(lines.length, `error lines for ${body}`).toBe(maxReceiveCount);
    }
    expect(rejections[0]?.msg).toMatch(/^unusable message, left for the dead-letter queue: /);
  }, 60_000);

  it("does not stop the campaign it named: the poller recovers it and it completes its cycle", async () => {
    await harness.waitForCycleCompleted([campaign.id], 45_000);
    const { db } = harness;
    const history = await db.campaignHistory.findMany({
      where: { campaignId: campaign.id },
      orderBy: [{ at: "asc" }, { id: "asc" }],
    });
    // The lost WAITING_FOR_DATA event was requested again by the poller, not by anything else.
    expect(history.find((h) => h.event === "RETRIED")).toMatchObject({
      actor: "POLLER",
      toStatus: "WAITING_FOR_DATA",
      cycle: 1,
    });
    const email = await db.email.findUniqueOrThrow({
      where: { campaignId_cycle: { campaignId: campaign.id, cycle: 1 } },
    });
    expect(email.status).toBe("COMPLETE");
    expect(await db.localOutboxMessage.count({ where: { emailId: email.id } })).toBe(1);
  }, 60_000);
});

/** A worker's JSON log lines (other lines, e.g. Node warnings, are skipped). */
function readJsonLog(file: string): Record<string, unknown>[] {
  return readText(file)
    .split("\n")
    .flatMap((line) => {
      try {
        return line.startsWith("{") ? [JSON.parse(line) as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
}
