import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createPipelineDeps } from "@/lib/campaigns/create-pipeline-deps";
import { getDb } from "@/lib/db";
import { sendWelcomeEmail } from "@/lib/delivery/send-welcome-email";
import { captureLogger } from "@/lib/events/emulator-for-tests";
import { logger } from "@/lib/logger";
import { createTestAgent } from "@/test/factories/agent";
import { deliveryTestConfig } from "@/test/fakes/delivery-config";
import {
  clerkUser,
  deletedEvent,
  newSigningSecret,
  profileOf,
  recordedDeliveries as recorded,
  type Signing,
  signedDelivery,
  T0,
  userEvent,
  usersOf,
} from "./clerk-webhook-for-tests";
import { type ClerkWebhookDeps, handleClerkWebhook } from "./handle-clerk-webhook";
import { upsertClerkAgent } from "./upsert-clerk-agent";

// Verification, idempotency and ordering of Clerk's user webhooks (user.deleted: the
// handle-clerk-webhook-deleted test). Deliveries are signed with svix@1.99.1's own signer.
const SECRET = newSigningSecret();
const NOW = new Date("2031-03-10T15:00:00Z");

function deps(overrides: Partial<ClerkWebhookDeps> = {}): ClerkWebhookDeps {
  return {
    db: getDb(),
    webhookSecret: SECRET,
    log: logger,
    now: () => NOW,
    revokeGmail: async () => {
      throw new Error("no user.deleted in this file");
    },
    ...overrides,
  };
}

async function deliver(event: unknown, signing: Signing = {}, overrides: Partial<ClerkWebhookDeps> = {}) {
  const response = await handleClerkWebhook(signedDelivery(event, SECRET, signing), deps(overrides));
  return { status: response.status, body: await response.text() };
}

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
