import { readFileSync } from "node:fs";
import { LosslessNumber, parse as parseLossless, stringify as stringifyLossless } from "lossless-json";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPostmarkClient } from "@/lib/clients/postmark/postmark-client";
import { getDb } from "@/lib/db";
import { createPostmarkTransport } from "@/lib/delivery/postmark-transport";
import { handlePostmarkWebhook } from "@/lib/emails/handle-postmark-webhook";
import { logger } from "@/lib/logger";
import { createTestAgent } from "@/test/factories/agent";
import { createTestCampaign } from "@/test/factories/campaign";
import { deliveryTestConfig } from "@/test/fakes/delivery-config";
import { type PostmarkFake, startPostmarkFake } from "@/test/fakes/postmark-fake";

// Postmark's bounce webhook payload as documented (a copy of shared/reference/postmark-bounce-webhook.json),
// posted the way Postmark posts it: JSON body, Basic Auth credentials from the webhook URL.
const REFERENCE_TEXT = readFileSync("test/fixtures/postmark-bounce-webhook.json", "utf8");
const REFERENCE = JSON.parse(REFERENCE_TEXT);

/** The reference payload with `changes`, every number kept to the digit (its ID exceeds 2^53). */
function referenceBody(changes: Record<string, unknown>): string {
  return stringifyLossless({ ...(parseLossless(REFERENCE_TEXT) as object), ...changes }) ?? "";
}
const CREDENTIALS = { user: "postmark", password: "a-long-webhook-password" };
const NOW = new Date("2026-11-30T18:00:00Z");

function post(body: unknown, auth: string | null = `${CREDENTIALS.user}:${CREDENTIALS.password}`): Request {
  return new Request("http://localhost:3000/api/webhooks/postmark", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(auth ? { authorization: `Basic ${Buffer.from(auth).toString("base64")}` } : {}),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const deps = () => ({
  db: getDb(),
  credentials: CREDENTIALS as typeof CREDENTIALS | undefined,
  log: logger,
  now: () => NOW,
});

/** An agent who sent `address` an email through Postmark, recorded with Postmark's MessageID. */
async function sentThroughPostmark(address: string, messageId: string) {
  const db = getDb();
  const agent = await createTestAgent(db);
  const campaign = await createTestCampaign(db, agent.id, { clientEmail: address, nextSendDate: NOW });
  const waiting = await createTestCampaign(db, agent.id, {
    clientEmail: address,
    propertyAddressLine1: "2 Other St",
    status: "READY_TO_CREATE_EMAIL",
    cycle: 2,
    emailCreationStatus: "READY",
  });
  const email = (
    cycle: number,
    campaignId: string,
    status: "COMPLETE" | "READY",
    providerMessageId: string | null,
  ) =>
    db.email.create({
      data: {
        campaignId,
        userId: agent.id,
        cycle,
        status,
        toEmail: address,
        toName: "Homeowner",
        subject: "Your August home report",
        textBody: "…",
        htmlStorageKey: `emails/${agent.id}/${campaignId}/${cycle}.html`,
        scheduledSendDatetime: NOW,
        messageId: `<${campaignId}-${cycle}@test>`,
        provider: providerMessageId ? "POSTMARK" : null,
        providerMessageId,
      },
    });
  await email(1, campaign.id, "COMPLETE", messageId);
  const unsent = await email(2, waiting.id, "READY", null);
  return { agent, campaign, waiting, unsent };
}

it("a hard bounce suppresses the address for the agent who sent it, stops their campaigns, once", async () => {
  const db = getDb();
  const address = `bounce.${Date.now()}@example.com`;
  const messageId = crypto.randomUUID();
  const { agent, campaign, waiting, unsent } = await sentThroughPostmark(address, messageId);
  const bystander = await createTestAgent(db);
  await createTestCampaign(db, bystander.id, { clientEmail: address });
  const payload = { ...REFERENCE, ID: Date.now(), Email: address, MessageID: messageId };

  const response = await handlePostmarkWebhook(post(payload), deps());
  expect(response.status).toBe(200);
  expect(await response.text()).toBe("suppressed");
  expect(await db.suppression.findMany({ where: { email: address } })).toEqual([
    expect.objectContaining({ userId: agent.id, reason: "HARD_BOUNCE", source: "postmark:HardBounce" }),
  ]);
  for (const id of [campaign.id, waiting.id]) {
    expect(await db.campaign.findUniqueOrThrow({ where: { id } })).toMatchObject({
      enabled: false,
      nextSendDate: null,
    });
  }
  expect(await db.email.findUniqueOrThrow({ where: { id: unsent.id } })).toMatchObject({
    status: "CANCELED",
  });
  expect(await db.campaign.count({ where: { userId: bystander.id, enabled: true } })).toBe(1);

  // Postmark retries deliveries: the same event again is recorded once and changes nothing.
  const again = await handlePostmarkWebhook(post(payload), deps());
  expect(await again.text()).toBe("duplicate");
  expect(await db.processedWebhookEvent.count({ where: { eventId: `Bounce:${payload.ID}` } })).toBe(1);
  expect(await db.campaignHistory.count({ where: { campaignId: campaign.id, event: "DISABLED" } })).toBe(1);
});

it("a spam complaint unsubscribes; a soft bounce is recorded and ignored", async () => {
  const db = getDb();
  const address = `spam.${Date.now()}@example.com`;
  const messageId = crypto.randomUUID();
  const { agent, campaign } = await sentThroughPostmark(address, messageId);
  const soft = {
    ...REFERENCE,
    ID: Date.now(),
    Type: "SoftBounce",
    TypeCode: 4096,
    Inactive: false,
    Email: address,
    MessageID: messageId,
  };
  expect(await (await handlePostmarkWebhook(post(soft), deps())).text()).toBe("ignored");
  expect(await db.suppression.count({ where: { userId: agent.id } })).toBe(0);

  const complaint = {
    ...REFERENCE,
    RecordType: "SpamComplaint",
    Type: "SpamComplaint",
    TypeCode: 512,
    ID: Date.now() + 1,
    Email: address,
    MessageID: messageId,
  };
  expect(await (await handlePostmarkWebhook(post(complaint), deps())).text()).toBe("suppressed");
  expect(await db.suppression.findFirstOrThrow({ where: { userId: agent.id } })).toMatchObject({
    reason: "SPAM_COMPLAINT",
  });
  expect(await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({
    unsubscribedAt: NOW,
  });
});

it("refuses wrong credentials, missing configuration and malformed payloads, changing nothing", async () => {
  const db = getDb();
  const before = await db.processedWebhookEvent.count();
  const payload = { ...REFERENCE, ID: Date.now() };
  const noAuth = await handlePostmarkWebhook(post(payload, null), deps());
  expect(noAuth.status).toBe(401);
  expect(noAuth.headers.get("www-authenticate")).toMatch(/^Basic/);
  expect((await handlePostmarkWebhook(post(payload, "postmark:wrong"), deps())).status).toBe(401);
  expect((await handlePostmarkWebhook(post(payload, "postmark"), deps())).status).toBe(401);
  expect((await handlePostmarkWebhook(post(payload), { ...deps(), credentials: undefined })).status).toBe(
    503,
  );
  const notJson = await handlePostmarkWebhook(post("{not json"), deps());
  expect(notJson.status).toBe(400);
  const noEmail = await handlePostmarkWebhook(post({ ...payload, Email: "not an address" }), deps());
  expect(noEmail.status).toBe(400);
  expect(await noEmail.text()).toContain("Email");
  expect(await db.processedWebhookEvent.count()).toBe(before);

  // A bounce for a message Dripr has no record of is acknowledged (so Postmark stops retrying).
  const unknown = await handlePostmarkWebhook(post({ ...payload, MessageID: crypto.randomUUID() }), deps());
  expect(await unknown.text()).toBe("unknown-message");
  expect(await db.suppression.count({ where: { email: REFERENCE.Email } })).toBe(0);
});

let postmark: PostmarkFake;
beforeAll(async () => {
  postmark = await startPostmarkFake();
});
afterAll(async () => {
  await postmark?.close();
});

it("finds the email by the metadata our Postmark transport sent, before its MessageID was recorded", async () => {
  const db = getDb();
  const address = `meta.${Date.now()}@example.com`;
  const agent = await createTestAgent(db);
  const campaign = await createTestCampaign(db, agent.id, { clientEmail: address });
  const email = await db.email.create({
    data: {
      campaignId: campaign.id,
      userId: agent.id,
      cycle: 1,
      status: "SENDING", // Postmark took it; the bounce arrives before the sender recorded the id
      toEmail: address,
      toName: "Homeowner",
      subject: "Your August home report",
      textBody: "…",
      htmlStorageKey: `emails/${agent.id}/${campaign.id}/1.html`,
      scheduledSendDatetime: NOW,
      messageId: `<${campaign.id}-1@test>`,
      provider: "POSTMARK",
    },
  });
  const config = deliveryTestConfig({ postmark });
  await createPostmarkTransport(
    createPostmarkClient(config.delivery.postmark),
    config.delivery.postmark,
  ).send({
    kind: "homeowner",
    userId: agent.id,
    emailId: email.id,
    from: { name: "Agent", address: "hello@dripr.test" },
    to: { name: "Homeowner", address },
    subject: email.subject,
    html: "<p>Hi</p>",
    text: "Hi",
    headers: {},
    messageId: email.messageId,
  });
  // What Postmark received is what it hands back in the webhook.
  const received = postmark.received.find((m) => m.To.includes(address));
  expect(received?.Metadata).toBeDefined();
  const body = referenceBody({
    ID: new LosslessNumber(String(Date.now())),
    Email: address,
    MessageID: received?.MessageID,
    Metadata: received?.Metadata,
  });
  const response = await handlePostmarkWebhook(post(body), deps());
  expect(await response.text()).toBe("suppressed");
  expect(await db.suppression.findMany({ where: { email: address } })).toEqual([
    expect.objectContaining({ userId: agent.id, reason: "HARD_BOUNCE" }),
  ]);
});

it("bounce IDs past 2^53 are kept to the digit: two bounces one apart are two events", async () => {
  const db = getDb();
  const first = `first.${Date.now()}@example.com`;
  const second = `second.${Date.now()}@example.com`;
  const a = await sentThroughPostmark(first, crypto.randomUUID());
  const b = await sentThroughPostmark(second, crypto.randomUUID());
  // The reference payload's own ID, and the one before it (the same double: 4323372036854775808).
  const ids = [REFERENCE_TEXT.match(/"ID":\s*(\d+)/)?.[1] ?? "", "4323372036854775806"];
  expect(ids[0]).toBe("4323372036854775807");
  const sent = [
    { address: first, id: ids[0], agent: a.agent },
    { address: second, id: ids[1], agent: b.agent },
  ];
  for (const { address, id, agent } of sent) {
    const messageId = (await db.email.findFirstOrThrow({ where: { userId: agent.id, status: "COMPLETE" } }))
      .providerMessageId;
    const body = referenceBody({ ID: new LosslessNumber(id ?? ""), Email: address, MessageID: messageId });
    expect(await (await handlePostmarkWebhook(post(body), deps())).text()).toBe("suppressed");
  }
  const events = await db.processedWebhookEvent.findMany({
    where: { eventId: { in: ids.map((id) => `Bounce:${id}`) } },
  });
  expect(events.map((e) => e.eventId).sort()).toEqual([`Bounce:${ids[1]}`, `Bounce:${ids[0]}`].sort());
  for (const { address, agent } of sent) {
    expect(await db.suppression.count({ where: { userId: agent.id, email: address } })).toBe(1);
  }
});
