import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { handlePostmarkWebhook } from "@/lib/emails/handle-postmark-webhook";
import { logger } from "@/lib/logger";
import { createTestAgent } from "@/test/factories/agent";
import { createTestCampaign } from "@/test/factories/campaign";

// Postmark's bounce webhook payload (shared/reference/postmark-bounce-webhook.json), posted the way
// Postmark posts it: JSON body, Basic Auth credentials from the webhook URL.
const REFERENCE = JSON.parse(readFileSync("test/fixtures/postmark-bounce-webhook.json", "utf8"));
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
