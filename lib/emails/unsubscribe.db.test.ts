import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { handleUnsubscribePost } from "@/lib/emails/handle-unsubscribe-request";
import { unsubscribeHomeowner, unsubscribeLinkState } from "@/lib/emails/unsubscribe-homeowner";
import { unsubscribeToken } from "@/lib/emails/unsubscribe-link";
import { logger } from "@/lib/logger";
import {
  deliverStatusEvent,
  type EmailTestEnv,
  poll,
  runPipeline,
  startEmailTestEnv,
} from "@/test/email-pipeline-support";
import { createTestAgent } from "@/test/factories/agent";
import { createTestCampaign } from "@/test/factories/campaign";

// 2026-11-30 17:00 UTC is 11:00 in Chicago (the factory agent's zone): inside the sending window.
const NOW = new Date("2026-11-30T17:00:00Z");
let env: EmailTestEnv;

beforeAll(async () => {
  env = await startEmailTestEnv(NOW);
});
afterAll(async () => {
  await env?.stop();
});

function oneClickPost(token: string): Request {
  // What a mail client sends for RFC 8058: a form body, no cookies.
  return new Request(`http://localhost:3000/unsubscribe/${token}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "List-Unsubscribe=One-Click",
  });
}

function postDeps() {
  return { db: getDb(), secret: env.deps.config.linkSigningSecret, log: logger, now: () => env.clock.now };
}

async function sentTo(userId: string, address: string) {
  return getDb().localOutboxMessage.count({
    where: { userId, kind: "homeowner", toAddress: { contains: `<${address}>` } },
  });
}

/** A campaign whose next cycle is due now and which has sent before (so it is not a first email). */
function dueCampaign(userId: string, clientEmail: string, overrides = {}) {
  return createTestCampaign(getDb(), userId, {
    clientEmail,
    nextSendDate: NOW,
    lastSentEmailDatetime: new Date("2026-10-30T17:00:00Z"),
    createdAt: new Date("2026-01-10T12:00:00Z"),
    ...overrides,
  });
}

it("after a one-click unsubscribe POST, the next cycle sends nothing to that address (other agents unaffected)", async () => {
  const db = getDb();
  const address = `homeowner.${Date.now()}@example.com`;
  const agent = await createTestAgent(db);
  const otherAgent = await createTestAgent(db);
  const unsubscribed = await dueCampaign(agent.id, address);
  // The same homeowner at a second property of the same agent: the address is what is suppressed.
  const secondHome = await dueCampaign(agent.id, address, { propertyAddressLine1: "9 Second Home Rd" });
  const otherAgentsCampaign = await dueCampaign(otherAgent.id, address);

  const token = await unsubscribeToken(unsubscribed.id, env.deps.config.linkSigningSecret);
  const response = await handleUnsubscribePost(oneClickPost(token), token, postDeps());
  expect(response.status).toBe(200);
  expect(await response.text()).toBe("You are unsubscribed.");

  await runPipeline(env, [unsubscribed.id, secondHome.id, otherAgentsCampaign.id]);

  expect(await sentTo(agent.id, address)).toBe(0);
  // The same pipeline run did send for the other agent: the test would see a send if there were one.
  expect(await sentTo(otherAgent.id, address)).toBe(1);
  for (const id of [unsubscribed.id, secondHome.id]) {
    const campaign = await db.campaign.findUniqueOrThrow({ where: { id } });
    expect(campaign).toMatchObject({ status: "DORMANT", cycle: 0, unsubscribedAt: NOW });
  }
  expect(await db.suppression.findMany({ where: { email: address } })).toEqual([
    expect.objectContaining({ userId: agent.id, reason: "UNSUBSCRIBED", source: "one-click" }),
  ]);
  const history = await db.campaignHistory.findFirstOrThrow({
    where: { campaignId: unsubscribed.id, event: "UNSUBSCRIBED" },
  });
  expect(history.actor).toBe("HOMEOWNER");
});

it("an unsubscribe in the middle of a cycle cancels the email about to be sent", async () => {
  const db = getDb();
  const address = `midcycle.${Date.now()}@example.com`;
  const agent = await createTestAgent(db);
  const campaign = await dueCampaign(agent.id, address);
  // Run until the email is created and promoted: the campaign waits in READY_TO_SEND_EMAIL.
  for (let round = 0; round < 8; round++) {
    await poll(env);
    const { status } = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    if (status === "READY_TO_SEND_EMAIL") break;
    await deliverStatusEvent(env, campaign.id);
  }
  expect(await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({
    status: "READY_TO_SEND_EMAIL",
  });
  const email = await db.email.findFirstOrThrow({ where: { campaignId: campaign.id } });
  expect(email.status).toBe("READY");

  const token = await unsubscribeToken(campaign.id, env.deps.config.linkSigningSecret);
  const result = await unsubscribeHomeowner(
    { db, secret: env.deps.config.linkSigningSecret, now: NOW },
    token,
    "page",
  );
  expect(result).toMatchObject({ state: "unsubscribed", email: address });
  expect(await db.email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({ status: "CANCELED" });

  await runPipeline(env, [campaign.id]);
  expect(await sentTo(agent.id, address)).toBe(0);
  expect(await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({
    status: "DORMANT",
  });
});

it("the footer page's POST unsubscribes and sends the browser back to the page; repeats and bad tokens change nothing", async () => {
  const db = getDb();
  const agent = await createTestAgent(db);
  const campaign = await dueCampaign(agent.id, `page.${Date.now()}@example.com`);
  const secret = env.deps.config.linkSigningSecret;
  const token = await unsubscribeToken(campaign.id, secret);

  expect(await unsubscribeLinkState({ db, secret }, token)).toMatchObject({ state: "subscribed" });
  const form = new Request(`http://localhost:3000/unsubscribe/${token}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "via=page",
  });
  const response = await handleUnsubscribePost(form, token, postDeps());
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toBe(`/unsubscribe/${token}/confirm`);
  expect(await unsubscribeLinkState({ db, secret }, token)).toMatchObject({ state: "unsubscribed" });

  const again = await unsubscribeHomeowner({ db, secret, now: NOW }, token, "one-click");
  expect(again.state).toBe("already");
  expect(await db.campaignHistory.count({ where: { campaignId: campaign.id, event: "UNSUBSCRIBED" } })).toBe(
    1,
  );

  const forged = `${token.slice(0, -3)}${token.endsWith("AAA") ? "BBB" : "AAA"}`;
  // The one-click field may also come as multipart/form-data.
  const multipart = new FormData();
  multipart.set("List-Unsubscribe", "One-Click");
  const other = await dueCampaign(agent.id, `multipart.${Date.now()}@example.com`);
  const otherToken = await unsubscribeToken(other.id, secret);
  const viaMultipart = await handleUnsubscribePost(
    new Request(`http://localhost:3000/unsubscribe/${otherToken}`, { method: "POST", body: multipart }),
    otherToken,
    postDeps(),
  );
  expect(viaMultipart.status).toBe(200);
  expect(await unsubscribeLinkState({ db, secret }, otherToken)).toMatchObject({ state: "unsubscribed" });

  const bad = await handleUnsubscribePost(oneClickPost(forged), forged, postDeps());
  expect(bad.status).toBe(400);
  expect(await unsubscribeLinkState({ db, secret }, forged)).toEqual({ state: "invalid" });
});
