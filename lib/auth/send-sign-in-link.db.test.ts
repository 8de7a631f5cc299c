import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { type AgentAdminDeps, createAgentAdminDeps } from "@/lib/auth/agent-admin-deps";
import { sendSignInLink } from "@/lib/auth/send-sign-in-link";
import { getDb } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { createTestAgent } from "@/test/factories/agent";
import { deliveryTestConfig } from "@/test/fakes/delivery-config";
import { type PostmarkFake, startPostmarkFake } from "@/test/fakes/postmark-fake";
import { type ClerkBackendServer, startClerkBackendServer } from "@/test/vendors/clerk-server";

// sendSignInLink against the Clerk Backend API wire server, the real database, the local outbox and
// (for production's path) the Postmark fake. Clerk's clock is fixed, so the expiry is known.

const NOW = new Date("2026-03-02T10:00:00.000Z");
const EXPIRES = new Date("2026-03-04T10:00:00.000Z");
let clerk: ClerkBackendServer;
let postmark: PostmarkFake;
let local: AgentAdminDeps;
let viaPostmark: AgentAdminDeps;
/** Postmark with a 1 s request timeout. */
let quickPostmark: AgentAdminDeps;

beforeAll(async () => {
  [clerk, postmark] = await Promise.all([startClerkBackendServer({ now: () => NOW }), startPostmarkFake()]);
  const env = {
    CLERK_SECRET_KEY: clerk.secretKey,
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_test_ZmFrZS1pbnN0YW5jZS0xMi5jbGVyay5hY2NvdW50cy5kZXYk",
    CLERK_API_URL: clerk.url,
    CLERK_SIGN_IN_LINK_TTL_HOURS: "48",
  };
  local = { ...createAgentAdminDeps(deliveryTestConfig({}, env), getDb(), logger), now: () => NOW };
  viaPostmark = {
    ...createAgentAdminDeps(deliveryTestConfig({ postmark }, env), getDb(), logger),
    now: () => NOW,
  };
  quickPostmark = {
    ...createAgentAdminDeps(
      deliveryTestConfig({ postmark }, { ...env, POSTMARK_TIMEOUT_MS: "1000" }),
      getDb(),
      logger,
    ),
    now: () => NOW,
  };
});
afterAll(async () => {
  await Promise.all([clerk?.close(), postmark?.close()]);
});

/** A managed agent known to Clerk and to Dripr (as create-managed-agent leaves it). */
async function managedAgent(overrides: { timeZone?: string } = {}) {
  const agent = await createTestAgent(getDb(), { managedClientId: "acme-realty", ...overrides });
  const clerkUser = clerk.seedUser({
    email: agent.email,
    firstName: agent.firstName,
    lastName: agent.lastName,
  });
  return getDb().user.update({ where: { id: agent.id }, data: { clerkUserId: clerkUser.id } });
}

const linkMails = (userId: string) =>
  getDb().localOutboxMessage.findMany({ where: { userId, kind: "sign-in-link" } });

describe("sendSignInLink", () => {
  it("mails a single-use link with the token Clerk issued, saying until when in the agent's zone", async () => {
    const agent = await managedAgent({ timeZone: "America/Chicago" });
    const sent = await sendSignInLink(local, { email: ` ${agent.email.toUpperCase()} ` });
    const [token] = clerk.signInTokens().filter((t) => t.user_id === agent.clerkUserId);
    expect(clerk.requests.at(-1)).toMatchObject({
      method: "POST",
      path: "/v1/sign_in_tokens",
      body: { user_id: agent.clerkUserId, expires_in_seconds: 48 * 3600 },
    });
    expect(sent).toEqual({
      to: agent.email,
      userId: agent.id,
      clerkUserId: agent.clerkUserId,
      signInTokenId: token?.id,
      expiresAt: EXPIRES,
      messageId: `<sign-in-link-${token?.id}@app.dripr.test>`,
    });
    const mails = await linkMails(agent.id);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail).toMatchObject({
      fromAddress: "Dripr <hello@dripr.test>",
      toAddress: `${agent.firstName} ${agent.lastName} <${agent.email}>`,
      subject: "Your Dripr sign-in link",
      emailId: null,
    });
    const url = `https://app.dripr.test/sign-in?__clerk_ticket=${token?.token}`;
    expect(mail?.text).toContain(url);
    expect(mail?.html).toContain(`href="${url.replace("=", "&#x3D;")}"`);
    // 10:00 UTC on Mar 4 is 4:00 AM in Chicago (CST, UTC−6).
    expect(mail?.text).toContain("works once, until Mar 4, 2026, 4:00 AM CST");
    expect(mail?.text).toContain(agent.email);
  });

  it("an unknown email: a clear error, no request to Clerk, nothing sent", async () => {
    const before = clerk.requests.length;
    const mailsBefore = await getDb().localOutboxMessage.count({ where: { kind: "sign-in-link" } });
    await expect(sendSignInLink(local, { email: "nobody@acme.example.com" })).rejects.toThrow(
      new NotFoundError("A Dripr agent with the email nobody@acme.example.com"),
    );
    await expect(sendSignInLink(local, { email: "not an email" })).rejects.toThrow(ZodError);
    expect(clerk.requests.length).toBe(before);
    expect(await getDb().localOutboxMessage.count({ where: { kind: "sign-in-link" } })).toBe(mailsBefore);
  });

  it("a deleted agent or a local sign-in agent is refused before Clerk is asked", async () => {
    const deleted = await managedAgent();
    await getDb().user.update({ where: { id: deleted.id }, data: { deletedAt: NOW } });
    const localAgent = await createTestAgent(getDb());
    const before = clerk.requests.length;
    await expect(sendSignInLink(local, { email: deleted.email })).rejects.toThrow(
      new ConflictError(`The Dripr agent ${deleted.email} was deleted on 2026-03-02T10:00:00.000Z`),
    );
    await expect(sendSignInLink(local, { email: localAgent.email })).rejects.toThrow(
      /is not a Clerk user \(local_test_\w+ signs in locally\)/,
    );
    expect(clerk.requests.length).toBe(before);
    expect(await linkMails(deleted.id)).toHaveLength(0);
    expect(await linkMails(localAgent.id)).toHaveLength(0);
  });

  it("a user Clerk no longer has: a clear error, nothing sent", async () => {
    const agent = await managedAgent();
    await fetch(`${clerk.url}/v1/users/${agent.clerkUserId}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${clerk.secretKey}` },
    });
    await expect(sendSignInLink(local, { email: agent.email })).rejects.toThrow(
      `Clerk has no user ${agent.clerkUserId} for ${agent.email} (deleted in Clerk?)`,
    );
    expect(await linkMails(agent.id)).toHaveLength(0);
  });

  it("with Postmark configured: one message on the transactional stream, tagged sign-in-link", async () => {
    const agent = await managedAgent();
    const sent = await sendSignInLink(viaPostmark, { email: agent.email });
    const received = postmark.received.filter((m) => m.To.includes(agent.email));
    expect(received).toHaveLength(1);
    const token = clerk.signInTokens().find((t) => t.id === sent.signInTokenId);
    expect(received[0]).toMatchObject({
      MessageStream: "outbound",
      Tag: "sign-in-link",
      From: "Dripr <hello@dripr.test>",
      Metadata: expect.objectContaining({ dripr_user_id: agent.id, dripr_kind: "sign-in-link" }),
    });
    expect(received[0]?.TextBody).toContain(`https://app.dripr.test/sign-in?__clerk_ticket=${token?.token}`);
    expect(received[0]?.Headers).toContainEqual({ Name: "Message-ID", Value: sent.messageId });
    expect(await linkMails(agent.id)).toHaveLength(0);
  });

  it("Postmark took the link but did not answer in time: found by its metadata, not sent twice", async () => {
    const agent = await managedAgent();
    const requestsBefore = postmark.sendRequests;
    postmark.onAccepted = () => "hang";
    try {
      const sent = await sendSignInLink(quickPostmark, { email: agent.email });
      const received = postmark.received.filter((m) => m.To.includes(agent.email));
      expect(received).toHaveLength(1);
      expect(received[0]?.Headers).toContainEqual({ Name: "Message-ID", Value: sent.messageId });
      expect(postmark.sendRequests - requestsBefore).toBe(1);
    } finally {
      postmark.onAccepted = undefined;
    }
  });

  it("Postmark answered 500 (it may or may not have the link): asked first, then sent once", async () => {
    const agent = await managedAgent();
    const requestsBefore = postmark.sendRequests;
    postmark.failNext(500, { ErrorCode: 0, Message: "Internal Server Error" });
    await sendSignInLink(quickPostmark, { email: agent.email });
    expect(postmark.received.filter((m) => m.To.includes(agent.email))).toHaveLength(1);
    expect(postmark.sendRequests - requestsBefore).toBe(2);
  });
});
