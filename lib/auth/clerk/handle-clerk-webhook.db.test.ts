import { randomBytes, randomUUID } from "node:crypto";
import { Webhook } from "svix";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPipelineDeps } from "@/lib/campaigns/create-pipeline-deps";
import { getDb } from "@/lib/db";
import { disconnectGmail } from "@/lib/delivery/gmail-connection/disconnect-gmail";
import { sendWelcomeEmail } from "@/lib/delivery/send-welcome-email";
import { encryptToken } from "@/lib/delivery/token-cipher";
import type { AppConfig } from "@/lib/env";
import { captureLogger } from "@/lib/events/emulator-for-tests";
import { logger } from "@/lib/logger";
import { createTestAgent } from "@/test/factories/agent";
import { createTestCampaign } from "@/test/factories/campaign";
import { uniqueToken } from "@/test/factories/unique";
import { deliveryTestConfig } from "@/test/fakes/delivery-config";
import { type GoogleFake, startGoogleFake } from "@/test/fakes/google-fake";
import { ACCOUNT_DELETED } from "./delete-clerk-agent";
import { type ClerkWebhookDeps, handleClerkWebhook } from "./handle-clerk-webhook";
import { upsertClerkAgent } from "./upsert-clerk-agent";

// Deliveries as Svix makes them: the body signed with svix@1.99.1's own signer. Svix's ±5 minute
// tolerance is checked against the real clock, so only the signing timestamps use it; everything
// the handler records uses the explicit clock NOW.
const SECRET = `whsec_${randomBytes(24).toString("base64")}`;
const NOW = new Date("2031-03-10T15:00:00Z");
const T0 = Date.parse("2031-03-01T09:00:00Z"); // Clerk's updated_at of the first copy of a user

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

type Signing = { id?: string; secret?: string; signedAt?: Date; omit?: string; body?: string };

function delivery(event: unknown, signing: Signing = {}): Request {
  const signed = JSON.stringify(event);
  const id = signing.id ?? `msg_${randomUUID()}`;
  const signedAt = signing.signedAt ?? new Date();
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "svix-id": id,
    "svix-timestamp": String(Math.floor(signedAt.getTime() / 1000)),
    "svix-signature": new Webhook(signing.secret ?? SECRET).sign(id, signedAt, signed),
  };
  if (signing.omit) delete headers[signing.omit];
  return new Request("http://localhost:3000/api/webhooks/clerk", {
    method: "POST",
    headers,
    body: signing.body ?? signed,
  });
}

async function deliver(event: unknown, signing: Signing = {}, overrides: Partial<ClerkWebhookDeps> = {}) {
  const response = await handleClerkWebhook(delivery(event, signing), deps(overrides));
  return { status: response.status, body: await response.text() };
}

type ClerkUser = { id: string; email: string; first: string; last: string; updatedAt: number; meta?: object };

/** A Clerk user as it changes over time: each copy is what one event carries. */
function clerkUser(overrides: Partial<ClerkUser> = {}): ClerkUser {
  const token = uniqueToken();
  return {
    id: `user_${token}`,
    email: `agent.${token}@realty.example.com`,
    first: "Dana",
    last: "Whitaker",
    updatedAt: T0,
    ...overrides,
  };
}

/** Clerk's user event: the user object as @clerk/backend's UserJSON describes it (abridged). */
function userEvent(type: "user.created" | "user.updated", user: ClerkUser) {
  return {
    type,
    object: "event",
    timestamp: user.updatedAt,
    instance_id: "ins_test",
    event_attributes: { http_request: { client_ip: "203.0.113.9", user_agent: "Mozilla/5.0" } },
    data: {
      object: "user",
      id: user.id,
      first_name: user.first,
      last_name: user.last,
      username: null,
      image_url: "https://img.clerk.com/x.png",
      primary_email_address_id: "idn_primary",
      email_addresses: [
        { object: "email_address", id: "idn_old", email_address: "old@example.com", linked_to: [] },
        { object: "email_address", id: "idn_primary", email_address: user.email, linked_to: [] },
      ],
      phone_numbers: [],
      public_metadata: user.meta ?? {},
      private_metadata: {},
      unsafe_metadata: {},
      created_at: T0,
      updated_at: user.updatedAt,
    },
  };
}

const deletedEvent = (clerkUserId: string) => ({
  type: "user.deleted",
  object: "event",
  timestamp: T0,
  data: { id: clerkUserId, deleted: true, object: "user" },
});

const profileOf = (user: ClerkUser) => ({
  clerkUserId: user.id,
  email: user.email,
  firstName: user.first,
  lastName: user.last,
  managedClientId: null,
  updatedAt: new Date(user.updatedAt),
});

const usersOf = (clerkUserId: string) => getDb().user.findMany({ where: { clerkUserId } });
const recorded = (eventId: string) =>
  getDb().processedWebhookEvent.findMany({ where: { provider: "CLERK", eventId } });

async function userCreatedEvents(userId: string) {
  const rows = await getDb().outboxEvent.findMany({ where: { type: "USER_CREATED" } });
  return rows.filter((row) => (row.payload as { userId?: string }).userId === userId);
}

describe("verification", () => {
  it("a delivery signed with the secret is applied and recorded", async () => {
    const user = clerkUser();
    const id = `msg_${randomUUID()}`;
    expect(await deliver(userEvent("user.created", user), { id })).toEqual({ status: 200, body: "created" });
    const [agent] = await usersOf(user.id);
    expect(agent).toMatchObject({ email: user.email, firstName: "Dana", lastName: "Whitaker" });
    expect(await recorded(id)).toEqual([
      expect.objectContaining({ type: "user.created", receivedAt: NOW, processedAt: NOW }),
    ]);
    expect(await userCreatedEvents(agent?.id ?? "")).toHaveLength(1);
  });

  it("tampered body, wrong secret, missing headers, or a timestamp 6 minutes off: 400 and nothing changes", async () => {
    const existing = clerkUser();
    await deliver(userEvent("user.created", existing));
    const newer = { ...existing, first: "Changed", updatedAt: T0 + 60_000 };
    const fresh = clerkUser();
    const sixMinutes = 6 * 60_000;
    const cases: [Signing, RegExp][] = [
      [{ body: JSON.stringify(userEvent("user.updated", { ...newer, first: "Mallory" })) }, /signature/i],
      [{ secret: `whsec_${randomBytes(24).toString("base64")}` }, /signature/i],
      [{ omit: "svix-id" }, /svix-id/],
      [{ omit: "svix-timestamp" }, /svix-timestamp/],
      [{ omit: "svix-signature" }, /svix-signature/],
      [{ signedAt: new Date(Date.now() - sixMinutes) }, /too old/i],
      [{ signedAt: new Date(Date.now() + sixMinutes) }, /too new/i],
    ];
    for (const [signing, reason] of cases) {
      const id = `msg_${randomUUID()}`;
      for (const event of [userEvent("user.updated", newer), userEvent("user.created", fresh)]) {
        const answer = await deliver(event, { id, ...signing });
        expect(answer.status).toBe(400);
        expect(answer.body).toMatch(reason);
      }
      expect(await recorded(id)).toEqual([]);
    }
    expect(await usersOf(existing.id)).toEqual([expect.objectContaining({ firstName: "Dana" })]);
    expect(await usersOf(fresh.id)).toEqual([]);
    // Four minutes is inside Clerk's tolerance.
    const late = await deliver(userEvent("user.updated", newer), {
      signedAt: new Date(Date.now() - 240_000),
    });
    expect(late).toEqual({ status: 200, body: "updated" });
  });

  it("without a signing secret every delivery is refused with 503 and an error log", async () => {
    const { log, lines } = captureLogger();
    const user = clerkUser();
    for (const webhookSecret of [undefined, ""]) {
      const answer = await deliver(userEvent("user.created", user), {}, { webhookSecret, log });
      expect(answer.status).toBe(503);
    }
    expect(lines.filter((l) => l.level === "error")).toHaveLength(2);
    expect(await usersOf(user.id)).toEqual([]);
  });

  it("a payload that does not match Clerk's user object: 400 naming the field, nothing recorded", async () => {
    const { log, lines } = captureLogger();
    const user = clerkUser();
    const event = userEvent("user.created", user);
    const noUpdatedAt = { ...event, data: { ...event.data, updated_at: undefined } };
    const noPrimary = { ...event, data: { ...event.data, primary_email_address_id: "idn_gone" } };
    const deletedWithoutId = { ...deletedEvent(user.id), data: { deleted: true, object: "user" } };
    const cases: [unknown, string][] = [
      [noUpdatedAt, "data.updated_at"],
      [noPrimary, "data.primary_email_address_id"],
      [deletedWithoutId, "data.id"],
    ];
    for (const [payload, field] of cases) {
      const id = `msg_${randomUUID()}`;
      const answer = await deliver(payload, { id }, { log });
      expect(answer.status).toBe(400);
      expect(answer.body).toContain(field);
      expect(await recorded(id)).toEqual([]);
    }
    expect(lines.filter((l) => l.level === "warn")).toHaveLength(3);
    expect(await usersOf(user.id)).toEqual([]);
  });
});

describe("each delivery once, in any order", () => {
  it("a replayed svix-id is answered 'duplicate' and not applied again", async () => {
    const user = clerkUser();
    const id = `msg_${randomUUID()}`;
    const event = userEvent("user.created", user);
    expect((await deliver(event, { id })).body).toBe("created");
    // Were the replay applied, it would put Clerk's copy back over this change.
    await getDb().user.updateMany({
      where: { clerkUserId: user.id },
      data: { firstName: "Edited", clerkUpdatedAt: null },
    });
    expect(await deliver(event, { id })).toEqual({ status: 200, body: "duplicate" });
    expect(await usersOf(user.id)).toEqual([expect.objectContaining({ firstName: "Edited" })]);
    expect(await recorded(id)).toHaveLength(1);
  });

  it("the same replay delivered concurrently is applied by exactly one", async () => {
    const user = clerkUser();
    const id = `msg_${randomUUID()}`;
    const answers = await Promise.all([1, 2, 3].map(() => deliver(userEvent("user.created", user), { id })));
    expect(answers.map((a) => a.body).sort()).toEqual(["created", "duplicate", "duplicate"]);
  });

  it("user.created twice (two deliveries): one User, one USER_CREATED", async () => {
    const user = clerkUser();
    expect((await deliver(userEvent("user.created", user))).body).toBe("created");
    expect((await deliver(userEvent("user.created", user))).body).toBe("updated");
    const agents = await usersOf(user.id);
    expect(agents).toHaveLength(1);
    expect(await userCreatedEvents(agents[0]?.id ?? "")).toHaveLength(1);
  });

  it("user.created after the just-in-time User of a first sign-in: still one User and one USER_CREATED", async () => {
    const user = clerkUser();
    const jit = await upsertClerkAgent(getDb(), profileOf(user));
    expect(jit.created).toBe(true);
    expect((await deliver(userEvent("user.created", user))).body).toBe("updated");
    expect(await usersOf(user.id)).toEqual([expect.objectContaining({ id: jit.user.id })]);
    expect(await userCreatedEvents(jit.user.id)).toHaveLength(1);
  });

  it("user.updated before user.created converges to the newest copy", async () => {
    const created = clerkUser({ first: "Dana" });
    const updated = {
      ...created,
      first: "Danielle",
      email: `new.${created.email}`,
      updatedAt: T0 + 3_600_000,
    };
    expect((await deliver(userEvent("user.updated", updated))).body).toBe("created");
    expect((await deliver(userEvent("user.created", created))).body).toBe("stale");
    const agents = await usersOf(created.id);
    expect(agents).toEqual([
      expect.objectContaining({
        firstName: "Danielle",
        email: updated.email,
        clerkUpdatedAt: new Date(updated.updatedAt),
      }),
    ]);
    expect(await userCreatedEvents(agents[0]?.id ?? "")).toHaveLength(1);
  });

  it("an older user.updated after a newer one changes nothing", async () => {
    const user = clerkUser();
    await deliver(userEvent("user.created", user));
    const newer = { ...user, last: "Whitaker-Lowe", updatedAt: T0 + 120_000 };
    const older = { ...user, last: "Stale", updatedAt: T0 + 60_000 };
    expect((await deliver(userEvent("user.updated", newer))).body).toBe("updated");
    const before = await usersOf(user.id);
    expect((await deliver(userEvent("user.updated", older))).body).toBe("stale");
    expect(await usersOf(user.id)).toEqual(before);
    expect(before[0]?.lastName).toBe("Whitaker-Lowe");
  });

  it("a managed agent: managedClientId from public metadata, and cleared when Clerk removes it", async () => {
    const user = clerkUser({ meta: { managedClientId: "harbor-pine", plan: "b2b" } });
    await deliver(userEvent("user.created", user));
    expect(await usersOf(user.id)).toEqual([expect.objectContaining({ managedClientId: "harbor-pine" })]);
    await deliver(userEvent("user.updated", { ...user, meta: {}, updatedAt: T0 + 1_000 }));
    expect(await usersOf(user.id)).toEqual([expect.objectContaining({ managedClientId: null })]);
  });

  it("an address another agent holds: 409, nothing recorded, so Svix retries later", async () => {
    const other = await createTestAgent(getDb());
    const user = clerkUser({ email: other.email });
    const id = `msg_${randomUUID()}`;
    const answer = await deliver(userEvent("user.created", user), { id });
    expect(answer.status).toBe(409);
    expect(await recorded(id)).toEqual([]);
    expect(await usersOf(user.id)).toEqual([]);
  });

  it("JIT sign-in, then user.created delivered twice: exactly one welcome email in the outbox", async () => {
    const user = clerkUser();
    const { user: agent } = await upsertClerkAgent(getDb(), profileOf(user));
    const event = userEvent("user.created", user);
    const id = `msg_${randomUUID()}`;
    await deliver(event, { id });
    await deliver(event, { id });
    await deliver(event); // Svix's retry of the same event as a new message
    // What the welcome-emails consumer does for each USER_CREATED it receives (local outbox transport).
    const pipeline = createPipelineDeps(deliveryTestConfig({}), getDb(), logger);
    const events = await userCreatedEvents(agent.id);
    expect(events).toHaveLength(1);
    for (const row of [...events, ...events]) {
      await sendWelcomeEmail(pipeline, (row.payload as { userId: string }).userId);
    }
    const welcomes = await getDb().localOutboxMessage.findMany({
      where: { userId: agent.id },
      select: { kind: true, toAddress: true },
    });
    expect(welcomes).toEqual([{ kind: "welcome", toAddress: `Dana Whitaker <${user.email}>` }]);
  });
});

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
});

it("an event type Dripr does not handle: 200, logged and recorded", async () => {
  const { log, lines } = captureLogger();
  const id = `msg_${randomUUID()}`;
  const event = { type: "session.created", object: "event", data: { id: "sess_1", user_id: "user_1" } };
  expect(await deliver(event, { id }, { log })).toEqual({ status: 200, body: "ignored" });
  expect(await recorded(id)).toEqual([
    expect.objectContaining({ type: "session.created", processedAt: NOW }),
  ]);
  expect(lines).toContainEqual(
    expect.objectContaining({ level: "info", type: "session.created", eventId: id }),
  );
});
