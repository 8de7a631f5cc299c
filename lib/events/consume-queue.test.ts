import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createSqsClient } from "@/lib/clients/aws/sqs-client";
import { type QueueConsumer, startQueueConsumer } from "@/lib/events/consume-queue";
import {
  campaignEvent,
  captureLogger,
  queueDepth,
  receiveOne,
  startTestEmulator,
  type TestEmulator,
  uniquePrefix,
  waitFor,
} from "@/lib/events/emulator-for-tests";
import { provisionTopology } from "@/lib/events/provision-topology";
import { publishEvent } from "@/lib/events/publish-event";
import { buildTopology, type QueueEnvelope, type TopologyOverrides } from "@/lib/events/topology";

let emulator: TestEmulator;
const consumers: QueueConsumer[] = [];
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterEach(async () => {
  await Promise.all(consumers.splice(0).map((c) => c.stop()));
});
afterAll(async () => {
  await emulator?.stop();
});

/** A fresh topology; the email-sending queue is the one under test. */
async function setUp(overrides: TopologyOverrides = {}) {
  const { sns, sqs } = emulator;
  const topology = buildTopology(uniquePrefix(), overrides);
  const { resolved } = await provisionTopology({ sns, sqs, topology });
  const publish = (toStatus: "READY_TO_SEND_EMAIL" = "READY_TO_SEND_EMAIL") =>
    publishEvent(sns, resolved.topics["campaign-events"].arn, campaignEvent({ toStatus }));
  return { queue: topology.queues["email-sending"], urls: resolved.queues["email-sending"], publish };
}

function start(
  setup: Awaited<ReturnType<typeof setUp>>,
  handler: (envelope: QueueEnvelope<"email-sending">) => Promise<void>,
  log = captureLogger().log,
) {
  const consumer = startQueueConsumer({
    sqs: emulator.sqs,
    // As the workers run it: receives and deletes on a client of the consumer's own.
    consumerSqs: (abortSignal) => createSqsClient(emulator.aws, { abortSignal }),
    queueUrl: setup.urls.url,
    queue: setup.queue,
    handler: (envelope) => handler(envelope),
    log,
  });
  consumers.push(consumer);
  return consumer;
}

describe("startQueueConsumer", () => {
  it("hands each message to the handler once and deletes it", async () => {
    const setup = await setUp();
    const handled: string[] = [];
    const { log, lines } = captureLogger();
    start(
      setup,
      async (envelope) => {
        // Typed by the queue: only READY_TO_SEND_EMAIL reaches email-sending.
        const status: "READY_TO_SEND_EMAIL" = envelope.toStatus;
        handled.push(`${envelope.campaignId}:${status}`);
      },
      log,
    );
    await Promise.all([setup.publish(), setup.publish(), setup.publish()]);
    await waitFor(() => handled.length === 3);
    await waitFor(async () => (await queueDepth(emulator.sqs, setup.urls.url)) === 0);
    expect(new Set(handled).size).toBe(3);
    expect(lines.filter((l) => l.msg === "message handled")).toHaveLength(3);
    expect(lines.find((l) => l.msg === "message handled")).toMatchObject({
      level: "debug",
      queue: "email-sending",
      campaignId: expect.any(String),
      receiveCount: 1,
    });
  });

  it("resolves the SDK's middleware once for all its receives and deletes (its client carries the abort signal)", async () => {
    const setup = await setUp();
    const receives = vi.spyOn(ReceiveMessageCommand.prototype, "resolveMiddleware");
    const deletes = vi.spyOn(DeleteMessageBatchCommand.prototype, "resolveMiddleware");
    try {
      const handled: string[] = [];
      start(setup, async (envelope) => {
        handled.push(envelope.campaignId);
      });
      for (let n = 1; n <= 3; n++) {
        await setup.publish();
        await waitFor(() => handled.length === n);
        await waitFor(async () => (await queueDepth(emulator.sqs, setup.urls.url)) === 0);
      }
      // Three receives that returned a message and three deletes, on one resolved stack each.
      expect(receives).toHaveBeenCalledTimes(1);
      expect(deletes).toHaveBeenCalledTimes(1);
    } finally {
      receives.mockRestore();
      deletes.mockRestore();
    }
  });

  it("redelivers after a handler error and dead-letters after maxReceiveCount", async () => {
    const setup = await setUp({ "email-sending": { maxReceiveCount: 2, visibilityTimeoutSeconds: 1 } });
    const { log, lines } = captureLogger();
    let attempts = 0;
    start(
      setup,
      async () => {
        attempts += 1;
        throw new Error("provider down");
      },
      log,
    );
    await setup.publish();
    const dead = await receiveOne(emulator.sqs, setup.urls.dlq.url, 10);
    expect(dead).toBeDefined();
    expect(attempts).toBe(2);
    expect(await queueDepth(emulator.sqs, setup.urls.url)).toBe(0);
    const failures = lines.filter((l) => l.msg.startsWith("handler failed"));
    expect(failures.map((l) => [l.level, l.receiveCount])).toEqual([
      ["warn", 1],
      ["error", 2],
    ]);
    expect(failures[0]).toMatchObject({ campaignId: expect.any(String), err: { message: "provider down" } });
  });

  it("sends a malformed message to the DLQ quickly, with a log line, without calling the handler", async () => {
    // A visibility timeout of a minute: the message gets there only because it is released at once.
    const setup = await setUp({ "email-sending": { maxReceiveCount: 3, visibilityTimeoutSeconds: 60 } });
    const { log, lines } = captureLogger();
    let calls = 0;
    start(
      setup,
      async () => {
        calls += 1;
      },
      log,
    );
    const startedAt = Date.now();
    const body = JSON.stringify({
      ...campaignEvent({ toStatus: "READY_TO_SEND_EMAIL" }),
      campaignId: "oops",
    });
    const { MessageId } = await emulator.sqs.send(
      new SendMessageCommand({ QueueUrl: setup.urls.url, MessageBody: body }),
    );
    const dead = await receiveOne(emulator.sqs, setup.urls.dlq.url, 10);
    expect(dead?.Body).toBe(body);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(calls).toBe(0);
    const logged = lines.filter((l) => l.msg.startsWith("unusable message"));
    expect(logged).toHaveLength(3);
    expect(logged[0]).toMatchObject({
      level: "error",
      queue: "email-sending",
      messageId: MessageId,
      receiveCount: 1,
      issues: [expect.objectContaining({ path: ["campaignId"] })],
    });
  });

  it("dead-letters a valid envelope the queue does not take", async () => {
    const setup = await setUp({ "email-sending": { maxReceiveCount: 1 } });
    const { log, lines } = captureLogger();
    let calls = 0;
    start(
      setup,
      async () => {
        calls += 1;
      },
      log,
    );
    const body = JSON.stringify(campaignEvent({ toStatus: "WAITING_FOR_DATA" }));
    await emulator.sqs.send(new SendMessageCommand({ QueueUrl: setup.urls.url, MessageBody: body }));
    expect((await receiveOne(emulator.sqs, setup.urls.dlq.url, 10))?.Body).toBe(body);
    expect(calls).toBe(0);
    expect(lines.find((l) => l.msg.startsWith("unusable message"))?.msg).toContain(
      "to_status=WAITING_FOR_DATA is not one of READY_TO_SEND_EMAIL",
    );
  });

  it("stop() waits for the message being handled, which is then deleted", async () => {
    const setup = await setUp();
    let started = false;
    let finish: () => void = () => {};
    const consumer = start(setup, async () => {
      started = true;
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
    });
    await setup.publish();
    await waitFor(() => started);

    let stopped = false;
    const stopping = consumer.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(await queueDepth(emulator.sqs, setup.urls.url)).toBe(0);
  });

  it("stop() of an idle consumer does not wait for its long poll", async () => {
    const setup = await setUp();
    const consumer = start(setup, async () => {});
    await new Promise((resolve) => setTimeout(resolve, 200));
    const startedAt = Date.now();
    await consumer.stop();
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });
});
