import { afterAll, beforeAll, expect, it } from "vitest";
import { startQueueConsumer } from "@/lib/events/consume-queue";
import {
  campaignEvent,
  captureLogger,
  queueDepth,
  startTestEmulator,
  type TestEmulator,
  uniquePrefix,
  waitFor,
} from "@/lib/events/emulator-for-tests";
import { provisionTopology } from "@/lib/events/provision-topology";
import { publishEvent } from "@/lib/events/publish-event";
import { buildTopology } from "@/lib/events/topology";

let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(async () => {
  await emulator?.stop();
});

it("deferFor keeps the message, invisible for the given time, instead of deleting it", async () => {
  const { sns, sqs } = emulator;
  // A 1 s visibility timeout: without the deferral the message would come back after 1 s.
  const topology = buildTopology(uniquePrefix(), { "email-sending": { visibilityTimeoutSeconds: 1 } });
  const { resolved } = await provisionTopology({ sns, sqs, topology });
  const receipts: { at: number; receiveCount: number }[] = [];
  const { log, lines } = captureLogger();
  const consumer = startQueueConsumer({
    sqs,
    queueUrl: resolved.queues["email-sending"].url,
    queue: topology.queues["email-sending"],
    waitTimeSeconds: 1,
    log,
    handler: async (_envelope, context) => {
      receipts.push({ at: Date.now(), receiveCount: context.receiveCount });
      if (receipts.length === 1) context.deferFor(3_000);
    },
  });
  try {
    await publishEvent(
      sns,
      resolved.topics["campaign-events"].arn,
      campaignEvent({ toStatus: "READY_TO_SEND_EMAIL" }),
    );
    await waitFor(() => receipts.length === 2, 15_000);
    await waitFor(async () => (await queueDepth(sqs, resolved.queues["email-sending"].url)) === 0);
    const [first, second] = receipts;
    expect(second?.receiveCount).toBe(2);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(2_500);
    expect(lines.find((l) => l.msg === "message deferred")).toMatchObject({ deferSeconds: 3 });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(receipts).toHaveLength(2); // deleted after the second, normal run
  } finally {
    await consumer.stop();
  }
});
