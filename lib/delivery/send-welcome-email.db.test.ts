import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPipelineDeps } from "@/lib/campaigns/create-pipeline-deps";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { getDb } from "@/lib/db";
import { sendWelcomeEmail } from "@/lib/delivery/send-welcome-email";
import { startQueueConsumer } from "@/lib/events/consume-queue";
import {
  captureLogger,
  queueDepth,
  startTestEmulator,
  type TestEmulator,
  uniquePrefix,
  userCreatedEvent,
  waitFor,
} from "@/lib/events/emulator-for-tests";
import { provisionTopology } from "@/lib/events/provision-topology";
import { publishEvent } from "@/lib/events/publish-event";
import { buildTopology } from "@/lib/events/topology";
import { logger } from "@/lib/logger";
import { createTestAgent } from "@/test/factories/agent";
import { deliveryTestConfig, SHORT_LEASE_ENV } from "@/test/fakes/delivery-config";
import { type PostmarkFake, startPostmarkFake } from "@/test/fakes/postmark-fake";
import { welcome_emailsHandler } from "@/workers/handlers/welcome-emails";

let emulator: TestEmulator;
let postmark: PostmarkFake;
let deps: PipelineDeps;

beforeAll(async () => {
  [emulator, postmark] = await Promise.all([startTestEmulator(), startPostmarkFake()]);
  // A 10 s lease: deliveries that find the welcome claimed look again when the lease ends.
  deps = createPipelineDeps(deliveryTestConfig({ postmark }, SHORT_LEASE_ENV), getDb(), logger);
});
afterAll(async () => {
  await Promise.all([emulator?.stop(), postmark?.close()]);
});

const welcomesTo = (address: string) =>
  postmark.received.filter((m) => m.To.includes(address) && m.Tag === "welcome");

describe("welcome emails", () => {
  it("a self-serve agent gets exactly one, through the transactional stream, though USER_CREATED arrives three times", {
    timeout: 60_000,
  }, async () => {
    const { sns, sqs } = emulator;
    const topology = buildTopology(uniquePrefix());
    const { resolved } = await provisionTopology({ sns, sqs, topology });
    const agent = await createTestAgent(getDb());
    const consumer = startQueueConsumer({
      sqs,
      queueUrl: resolved.queues["welcome-emails"].url,
      queue: topology.queues["welcome-emails"],
      handler: welcome_emailsHandler(deps),
      log: captureLogger().log,
      waitTimeSeconds: 1,
    });
    try {
      const event = userCreatedEvent({ userId: agent.id });
      const topic = resolved.topics["user-events"].arn;
      await Promise.all([
        publishEvent(sns, topic, event),
        publishEvent(sns, topic, event),
        publishEvent(sns, topic, event),
      ]);
      await waitFor(async () => (await queueDepth(sqs, resolved.queues["welcome-emails"].url)) === 0, 40_000);
    } finally {
      await consumer.stop();
    }
    // The two later deliveries found the welcome claimed, waited, then found it sent.
    const sent = welcomesTo(agent.email);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      MessageStream: "outbound",
      From: "Dripr <hello@dripr.test>",
      Metadata: expect.objectContaining({ dripr_user_id: agent.id }),
    });
    expect(await getDb().user.findUniqueOrThrow({ where: { id: agent.id } })).toMatchObject({
      welcomeEmailSentAt: expect.any(Date),
      welcomeEmailProvider: "POSTMARK",
      welcomeEmailProviderMessageId: sent[0]?.MessageID,
      welcomeEmailClaimExpiresAt: null,
    });
  });

  it("three concurrent deliveries: one sends, the others wait for its claim", async () => {
    const agent = await createTestAgent(getDb());
    const outcomes = await Promise.all([1, 2, 3].map(() => sendWelcomeEmail(deps, agent.id)));
    expect(outcomes.map((o) => o.kind).sort()).toEqual(["claimed-elsewhere", "claimed-elsewhere", "sent"]);
    expect(welcomesTo(agent.email)).toHaveLength(1);
    expect(await sendWelcomeEmail(deps, agent.id)).toEqual({ kind: "already-sent" });
  });

  it("a managed agent gets none", async () => {
    const agent = await createTestAgent(getDb(), { managedClientId: "acme-brokerage" });
    expect(await sendWelcomeEmail(deps, agent.id)).toEqual({ kind: "skipped-managed" });
    expect(welcomesTo(agent.email)).toHaveLength(0);
    expect(await getDb().user.findUniqueOrThrow({ where: { id: agent.id } })).toMatchObject({
      welcomeEmailSentAt: null,
      welcomeEmailClaimExpiresAt: null,
    });
  });

  it("a sender that crashed after Postmark accepted the welcome: the next one finds it and does not resend", async () => {
    const agent = await createTestAgent(getDb());
    const crashedAt = new Date();
    const frozen = { ...deps, now: () => crashedAt };
    // The first sender claims and reaches Postmark, and "dies" before recording (Postmark never answers).
    postmark.onAccepted = () => "hang";
    const first = sendWelcomeEmail(frozen, agent.id);
    await waitFor(() => welcomesTo(agent.email).length === 1);
    postmark.onAccepted = undefined;
    void first.catch(() => {});
    const claimed = await getDb().user.findUniqueOrThrow({ where: { id: agent.id } });
    expect(claimed).toMatchObject({ welcomeEmailSentAt: null, welcomeEmailProvider: "POSTMARK" });
    // While the lease lasts, others keep off; after it, the next sender reconciles.
    expect((await sendWelcomeEmail(frozen, agent.id)).kind).toBe("claimed-elsewhere");
    const afterLease = {
      ...deps,
      now: () => new Date(crashedAt.getTime() + deps.config.pipeline.sendLeaseMs + 1_000),
    };
    expect(await sendWelcomeEmail(afterLease, agent.id)).toEqual({ kind: "reconciled" });
    expect(welcomesTo(agent.email)).toHaveLength(1);
    expect(await getDb().user.findUniqueOrThrow({ where: { id: agent.id } })).toMatchObject({
      welcomeEmailSentAt: expect.any(Date),
      welcomeEmailProviderMessageId: welcomesTo(agent.email)[0]?.MessageID,
    });
  });

  it("an unknown or deleted user is skipped", async () => {
    const agent = await createTestAgent(getDb(), { deletedAt: new Date() });
    expect(await sendWelcomeEmail(deps, agent.id)).toEqual({ kind: "unknown-user" });
  });
});
