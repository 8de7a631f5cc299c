import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  campaignEvent,
  queueDepth,
  receiveOne,
  startTestEmulator,
  type TestEmulator,
  uniquePrefix,
  userCreatedEvent,
} from "@/lib/events/emulator-for-tests";
import type { EventEnvelope } from "@/lib/events/envelopes";
import { provisionTopology } from "@/lib/events/provision-topology";
import { publishEvent } from "@/lib/events/publish-event";
import type { ResolvedTopology } from "@/lib/events/resolve-topology";
import { buildTopology, QUEUE_KEYS, type QueueKey, TOPIC_OF_ENVELOPE } from "@/lib/events/topology";

let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(async () => {
  await emulator?.stop();
});

/** Publishes to a fresh topology and returns the queues the message reached, with what they got. */
async function route(envelope: EventEnvelope) {
  const { sns, sqs } = emulator;
  const { resolved } = await provisionTopology({ sns, sqs, topology: buildTopology(uniquePrefix()) });
  const messageId = await publishEvent(sns, resolved.topics[TOPIC_OF_ENVELOPE[envelope.type]].arn, envelope);
  expect(messageId).toEqual(expect.any(String));
  const reached: QueueKey[] = [];
  for (const key of QUEUE_KEYS) {
    if ((await queueDepth(sqs, resolved.queues[key].url)) > 0) reached.push(key);
  }
  return { reached, resolved };
}

async function received(resolved: ResolvedTopology, key: QueueKey) {
  const message = await receiveOne(emulator.sqs, resolved.queues[key].url, 0);
  return {
    body: JSON.parse(message?.Body ?? "null") as unknown,
    attributes: Object.fromEntries(
      Object.entries(message?.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue]),
    ),
  };
}

describe("publishEvent", () => {
  it("fans WAITING_FOR_DATA out to exactly the five data queues, as the raw envelope", async () => {
    const envelope = campaignEvent({ toStatus: "WAITING_FOR_DATA" });
    const { reached, resolved } = await route(envelope);
    expect(reached).toEqual([
      "local-market-updates",
      "active-listings",
      "recent-sales",
      "property-valuation",
      "intro",
    ]);
    expect(await received(resolved, "intro")).toEqual({
      body: envelope,
      attributes: {
        type: "CAMPAIGN_STATUS_CHANGED",
        to_status: "WAITING_FOR_DATA",
        dedupe_key: envelope.dedupeKey,
      },
    });
  });

  it("sends each later status to its one queue", async () => {
    expect((await route(campaignEvent({ toStatus: "WAITING_FOR_HOME_ANALYSIS" }))).reached).toEqual([
      "home-report",
    ]);
    expect((await route(campaignEvent({ toStatus: "READY_TO_CREATE_EMAIL" }))).reached).toEqual([
      "email-creation",
    ]);
    expect((await route(campaignEvent({ toStatus: "READY_TO_SEND_EMAIL" }))).reached).toEqual([
      "email-sending",
    ]);
    expect(
      (await route(campaignEvent({ fromStatus: "READY_TO_SEND_EMAIL", toStatus: "DORMANT" }))).reached,
    ).toEqual([]);
  });

  it("sends USER_CREATED to the welcome queue only", async () => {
    const envelope = userCreatedEvent();
    const { reached, resolved } = await route(envelope);
    expect(reached).toEqual(["welcome-emails"]);
    expect((await received(resolved, "welcome-emails")).body).toEqual(envelope);
  });

  it("refuses an invalid envelope and sends nothing", async () => {
    const { sns, sqs } = emulator;
    const { resolved } = await provisionTopology({ sns, sqs, topology: buildTopology(uniquePrefix()) });
    const invalid = { ...campaignEvent(), campaignId: "not-a-uuid" };
    await expect(publishEvent(sns, resolved.topics["campaign-events"].arn, invalid)).rejects.toThrow(
      /campaignId/,
    );
    for (const key of QUEUE_KEYS) expect(await queueDepth(sqs, resolved.queues[key].url)).toBe(0);
  });
});
