import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import {
  campaignEvent,
  captureLogger,
  queueDepth,
  startTestEmulator,
  type TestEmulator,
  uniquePrefix,
} from "@/lib/events/emulator-for-tests";
import { enqueueEvents } from "@/lib/events/enqueue-event";
import { provisionTopology } from "@/lib/events/provision-topology";
import { relayOutboxBatch } from "@/lib/events/relay-outbox";
import type { ResolvedTopology } from "@/lib/events/resolve-topology";
import { buildTopology } from "@/lib/events/topology";

let emulator: TestEmulator;
let resolved: ResolvedTopology;
beforeAll(async () => {
  emulator = await startTestEmulator();
  const { sns, sqs } = emulator;
  ({ resolved } = await provisionTopology({ sns, sqs, topology: buildTopology(uniquePrefix()) }));
});
afterAll(async () => {
  await emulator?.stop();
});

const topicArns = () => ({
  "user-events": resolved.topics["user-events"].arn,
  "campaign-events": resolved.topics["campaign-events"].arn,
});

describe("relayOutboxBatch", () => {
  it("publishes in SNS batches, marks what was published, and backs off what was not", async () => {
    const db = getDb();
    const events = Array.from({ length: 23 }, () => ({
      envelope: campaignEvent({ toStatus: "READY_TO_SEND_EMAIL" }),
    }));
    await db.$transaction((tx) => enqueueEvents(tx, events));
    // Rows no relay can publish: a topic the topology does not have, and a payload that is no envelope.
    // Due by the database's clock, which the relay compares with: Prisma would fill the column's
    // default (now()) from this process's clock instead.
    const [{ dbNow }] = await db.$queryRaw<[{ dbNow: Date }]>`SELECT now() AS "dbNow"`;
    const broken = await db.outboxEvent.createManyAndReturn({
      data: [
        {
          topic: "no-such-topic",
          type: "CAMPAIGN_STATUS_CHANGED",
          payload: events[0]?.envelope ?? {},
          dedupeKey: "x1",
          nextAttemptAt: dbNow,
        },
        {
          topic: "campaign-events",
          type: "CAMPAIGN_STATUS_CHANGED",
          payload: { type: "nope" },
          dedupeKey: "x2",
          nextAttemptAt: dbNow,
        },
      ],
    });
    const { log, lines } = captureLogger();

    const result = await relayOutboxBatch({
      db,
      sns: emulator.sns,
      topicArns: topicArns(),
      log,
      batchSize: 100,
    });

    expect(result).toEqual({ claimed: 25, published: 23, failed: 2 });
    expect(await queueDepth(emulator.sqs, resolved.queues["email-sending"].url)).toBe(23);
    expect(await db.outboxEvent.count({ where: { publishedAt: { not: null } } })).toBe(23);
    const failed = await db.outboxEvent.findMany({ where: { id: { in: broken.map((row) => row.id) } } });
    expect(failed.map((row) => row.lastError)).toEqual([
      expect.stringContaining("unknown topic no-such-topic"),
      expect.stringContaining("ZodError"),
    ]);
    for (const row of failed) {
      expect(row.publishedAt).toBeNull();
      expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    }
    expect(lines.filter((line) => line.msg === "outbox publish failed")).toHaveLength(2);

    // Nothing is due any more: published rows are done, failed ones wait for their backoff.
    expect(await relayOutboxBatch({ db, sns: emulator.sns, topicArns: topicArns(), log })).toEqual({
      claimed: 0,
      published: 0,
      failed: 0,
    });
  });

  it("leaves every row to retry when SNS cannot be reached", async () => {
    const db = getDb();
    await db.outboxEvent.deleteMany();
    await db.$transaction((tx) =>
      enqueueEvents(tx, [{ envelope: campaignEvent() }, { envelope: campaignEvent() }]),
    );
    const unreachable = {
      ...topicArns(),
      "campaign-events": "arn:aws:sns:us-east-1:000000000000:missing-topic",
    };
    const { log } = captureLogger();
    const result = await relayOutboxBatch({ db, sns: emulator.sns, topicArns: unreachable, log });
    expect(result).toEqual({ claimed: 2, published: 0, failed: 2 });
    expect(await db.outboxEvent.count({ where: { publishedAt: null, lastError: { not: null } } })).toBe(2);
  });
});
