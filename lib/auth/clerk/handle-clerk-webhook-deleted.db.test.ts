import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { disconnectGmail } from "@/lib/delivery/gmail-connection/disconnect-gmail";
import { encryptToken } from "@/lib/delivery/token-cipher";
import type { AppConfig } from "@/lib/env";
import { captureLogger } from "@/lib/events/emulator-for-tests";
import { logger } from "@/lib/logger";
import { createTestCampaign } from "@/test/factories/campaign";
import { uniqueToken } from "@/test/factories/unique";
import { deliveryTestConfig } from "@/test/fakes/delivery-config";
import { type GoogleFake, startGoogleFake } from "@/test/fakes/google-fake";
import {
  clerkUser,
  deletedEvent,
  newSigningSecret,
  recordedDeliveries as recorded,
  type Signing,
  signedDelivery,
  T0,
  userEvent,
  usersOf,
} from "./clerk-webhook-for-tests";
import { ACCOUNT_DELETED } from "./delete-clerk-agent";
import { type ClerkWebhookDeps, handleClerkWebhook } from "./handle-clerk-webhook";

// user.deleted through the webhook, with the Gmail grant revoked at a local Google (test/fakes).
const SECRET = newSigningSecret();
const NOW = new Date("2031-03-10T15:00:00Z");

let google: GoogleFake;
let config: AppConfig;

beforeAll(async () => {
  google = await startGoogleFake();
  config = deliveryTestConfig({ google });
});
afterAll(async () => {
  await google?.close();
});

function deps(overrides: Partial<ClerkWebhookDeps> = {}): ClerkWebhookDeps {
  const log = overrides.log ?? logger;
  return {
    db: getDb(),
    webhookSecret: SECRET,
    log,
    now: () => NOW,
    revokeGmail: (userId) => disconnectGmail({ db: getDb(), config, log }, userId),
    ...overrides,
  };
}

async function deliver(event: unknown, signing: Signing = {}, overrides: Partial<ClerkWebhookDeps> = {}) {
  const response = await handleClerkWebhook(signedDelivery(event, SECRET, signing), deps(overrides));
  return { status: response.status, body: await response.text() };
}

describe("user.deleted", () => {
  /** An agent with a connected Gmail grant Google knows, and campaigns in every state that matters. */
  async function agentWithWork() {
    const db = getDb();
    const user = clerkUser();
    await deliver(userEvent("user.created", user));
    const agent = (await usersOf(user.id))[0];
    if (!agent) throw new Error("agent not created");
    const refreshToken = `1//${randomUUID()}`;
    google.grants.set(refreshToken, { refreshToken, scope: "gmail.send", email: user.email, revoked: false });
    await db.gmailConnection.create({
      data: {
        userId: agent.id,
        googleEmail: user.email,
        scope: "gmail.send",
        encryptedRefreshToken: encryptToken(refreshToken, config.tokenEncryptionKey, agent.id),
      },
    });
    const active = await createTestCampaign(db, agent.id, {
      status: "READY_TO_CREATE_EMAIL",
      cycle: 2,
      nextSendDate: NOW,
    });
    const dormant = await createTestCampaign(db, agent.id, { nextSendDate: NOW });
    const off = await createTestCampaign(db, agent.id, { enabled: false });
    const email = (cycle: number, status: "COMPLETE" | "READY") =>
      db.email.create({
        data: {
          campaignId: active.id,
          userId: agent.id,
          cycle,
          status,
          toEmail: active.clientEmail,
          toName: active.clientFirstName,
          subject: `Your home report, cycle ${cycle}`,
          textBody: "…",
          htmlStorageKey: `emails/${agent.id}/${active.id}/${cycle}.html`,
          scheduledSendDatetime: NOW,
          messageId: `<${randomUUID()}@test>`,
          ...(status === "COMPLETE" ? { sentAt: NOW, provider: "GMAIL" as const } : {}),
        },
      });
    const sent = await email(1, "COMPLETE");
    const unsent = await email(2, "READY");
    return { user, agent, refreshToken, active, dormant, off, sent, unsent };
  }

  it("disables every campaign, cancels unsent email, keeps history and sent email, marks the account deleted, revokes and deletes the Gmail grant", async () => {
    const db = getDb();
    const work = await agentWithWork();
    const bystander = await agentWithWork();
    const id = `msg_${randomUUID()}`;
    expect(await deliver(deletedEvent(work.user.id), { id })).toEqual({ status: 200, body: "deleted" });

    expect(await db.user.findUniqueOrThrow({ where: { id: work.agent.id } })).toMatchObject({
      deletedAt: NOW,
    });
    const campaigns = await db.campaign.findMany({ where: { userId: work.agent.id } });
    expect(campaigns).toHaveLength(3);
    for (const campaign of campaigns) expect(campaign).toMatchObject({ enabled: false, nextSendDate: null });
    const history = await db.campaignHistory.findMany({
      where: { campaign: { userId: work.agent.id }, event: "DISABLED" },
    });
    expect(history.map((h) => h.campaignId).sort()).toEqual([work.active.id, work.dormant.id].sort());
    for (const row of history)
      expect(row).toMatchObject({ actor: "SYSTEM", reason: ACCOUNT_DELETED, at: NOW });
    expect(await db.email.findUniqueOrThrow({ where: { id: work.unsent.id } })).toMatchObject({
      status: "CANCELED",
    });
    expect(await db.email.findUniqueOrThrow({ where: { id: work.sent.id } })).toMatchObject({
      status: "COMPLETE",
      sentAt: NOW,
    });
    expect(await db.gmailConnection.findUnique({ where: { userId: work.agent.id } })).toBeNull();
    expect(google.grants.get(work.refreshToken)?.revoked).toBe(true);

    // The other agent is untouched.
    expect(await db.user.findUniqueOrThrow({ where: { id: bystander.agent.id } })).toMatchObject({
      deletedAt: null,
    });
    expect(await db.email.findUniqueOrThrow({ where: { id: bystander.unsent.id } })).toMatchObject({
      status: "READY",
    });
    expect(google.grants.get(bystander.refreshToken)?.revoked).toBe(false);
    expect(await db.gmailConnection.findUnique({ where: { userId: bystander.agent.id } })).not.toBeNull();

    // Redelivered: nothing more happens; a later user.updated does not bring the agent back.
    expect(await deliver(deletedEvent(work.user.id), { id })).toEqual({ status: 200, body: "duplicate" });
    expect(
      await db.campaignHistory.count({ where: { campaign: { userId: work.agent.id }, event: "DISABLED" } }),
    ).toBe(2);
    const revived = { ...work.user, first: "Back", updatedAt: T0 + 86_400_000 };
    expect((await deliver(userEvent("user.updated", revived))).body).toBe("already-deleted");
    expect(await db.user.findUniqueOrThrow({ where: { id: work.agent.id } })).toMatchObject({
      deletedAt: NOW,
      firstName: "Dana",
    });
  });

  it("Google refusing the revocation is logged, and the grant is still deleted", async () => {
    const { log, lines } = captureLogger();
    const work = await agentWithWork();
    google.grants.delete(work.refreshToken); // Google no longer knows it: /revoke answers 400
    expect(await deliver(deletedEvent(work.user.id), {}, { log })).toEqual({ status: 200, body: "deleted" });
    expect(await getDb().gmailConnection.findUnique({ where: { userId: work.agent.id } })).toBeNull();
    expect(lines).toContainEqual(expect.objectContaining({ level: "warn", userId: work.agent.id }));
  });

  it("a crash before the grant is removed is repaired by Svix's redelivery", async () => {
    const work = await agentWithWork();
    const id = `msg_${randomUUID()}`;
    const crashing = {
      revokeGmail: async () => {
        throw new Error("connection terminated");
      },
      log: captureLogger().log,
    };
    expect((await deliver(deletedEvent(work.user.id), { id }, crashing)).status).toBe(500);
    expect(await getDb().user.findUniqueOrThrow({ where: { id: work.agent.id } })).toMatchObject({
      deletedAt: NOW,
    });
    expect(await getDb().gmailConnection.findUnique({ where: { userId: work.agent.id } })).not.toBeNull();
    expect(await deliver(deletedEvent(work.user.id), { id })).toEqual({ status: 200, body: "duplicate" });
    expect(await getDb().gmailConnection.findUnique({ where: { userId: work.agent.id } })).toBeNull();
    expect(google.grants.get(work.refreshToken)?.revoked).toBe(true);
  });

  it("for a user Dripr never had: recorded and answered 200", async () => {
    const id = `msg_${randomUUID()}`;
    expect(await deliver(deletedEvent(`user_${uniqueToken()}`), { id })).toEqual({
      status: 200,
      body: "unknown-user",
    });
    expect(await recorded(id)).toEqual([expect.objectContaining({ type: "user.deleted", processedAt: NOW })]);
  });

  it("overtaking its own user.created: the late creation makes no agent and no welcome", async () => {
    const user = clerkUser();
    expect((await deliver(deletedEvent(user.id))).body).toBe("unknown-user");
    expect((await deliver(userEvent("user.created", user))).status).toBe(200);
    const rows = await getDb().user.findMany({ where: { clerkUserId: user.id } });
    expect(rows).toEqual([expect.objectContaining({ deletedAt: NOW })]);
    expect(rows[0]?.email).not.toBe(user.email);
    const events = await getDb().outboxEvent.findMany({ where: { type: "USER_CREATED" } });
    expect(events.filter((e) => (e.payload as { userId?: string }).userId === rows[0]?.id)).toEqual([]);
  });
});
