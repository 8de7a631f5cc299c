import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { APPROVAL_LINK_TTL_HOURS, issueApprovalToken } from "@/lib/emails/approval-link";
import { approveEmail } from "@/lib/emails/approve-email";
import { approveEmailByLink, inspectApprovalLink } from "@/lib/emails/approve-email-by-link";
import { rejectEmail } from "@/lib/emails/reject-email";
import type { Email } from "@/lib/generated/prisma/client";
import { type EmailTestEnv, startEmailTestEnv } from "@/test/email-pipeline-support";
import { createTestAgent } from "@/test/factories/agent";
import { createTestCampaign } from "@/test/factories/campaign";

const NOW = new Date("2026-11-30T15:00:00Z");
let env: EmailTestEnv;
let secret: string;

beforeAll(async () => {
  env = await startEmailTestEnv(NOW);
  secret = env.deps.config.linkSigningSecret;
});
afterAll(async () => {
  await env?.stop();
});

/** An email of the current cycle waiting for approval, as the email-creation consumer leaves it. */
async function pendingEmail(agentOverrides: { sendingWindowEnabled?: boolean } = {}): Promise<Email> {
  const db = getDb();
  const agent = await createTestAgent(db, agentOverrides);
  const campaign = await createTestCampaign(db, agent.id, {
    status: "READY_TO_CREATE_EMAIL",
    emailCreationStatus: "READY",
    cycle: 3,
    checkBeforeSending: true,
  });
  return db.email.create({
    data: {
      campaignId: campaign.id,
      userId: agent.id,
      cycle: 3,
      toEmail: campaign.clientEmail,
      toName: campaign.clientFirstName,
      subject: "Your home at 1204 Maple Street: December update",
      textBody: "…",
      htmlStorageKey: `emails/${agent.id}/${campaign.id}/x.html`,
      scheduledSendDatetime: new Date("2026-12-01T17:00:00Z"),
      approvalStatus: "PENDING",
      messageId: `<${campaign.id}@test>`,
    },
  });
}

const deps = (now = NOW) => ({ db: getDb(), secret, now });

/** The email's approval columns, its tokens and its APPROVED history: what "changes nothing" compares. */
async function snapshot(email: Email) {
  const db = getDb();
  return {
    email: await db.email.findUniqueOrThrow({
      where: { id: email.id },
      select: { status: true, approvalStatus: true, approvedAt: true, approvedBy: true },
    }),
    tokens: await db.approvalToken.findMany({ where: { emailId: email.id }, orderBy: { createdAt: "asc" } }),
    approvals: await db.campaignHistory.count({ where: { campaignId: email.campaignId, event: "APPROVED" } }),
  };
}

describe("one-click approve links", () => {
  it("a GET alone never approves; the POST approves once; a second use changes nothing and says why", async () => {
    const email = await pendingEmail();
    const { token } = await issueApprovalToken(getDb(), email.id, secret, NOW);

    for (let i = 0; i < 3; i++) {
      const seen = await inspectApprovalLink(deps(), token);
      expect(seen).toMatchObject({ state: "ready", email: { id: email.id, subject: email.subject } });
    }
    const before = await snapshot(email);
    expect(before.email).toMatchObject({ approvalStatus: "PENDING", approvedAt: null });
    expect(before.tokens[0]?.usedAt).toBeNull();

    const approved = await approveEmailByLink(deps(), token);
    expect(approved).toMatchObject({ state: "approved", email: { id: email.id } });
    const after = await snapshot(email);
    expect(after.email).toEqual({
      status: "READY",
      approvalStatus: "APPROVED",
      approvedAt: NOW,
      approvedBy: `AGENT:${email.userId}`,
    });
    expect(after.tokens[0]?.usedAt).toEqual(NOW);
    expect(after.approvals).toBe(1);

    const later = new Date(NOW.getTime() + 60_000);
    const used = {
      state: "used",
      usedAt: NOW,
      timeZone: "America/Chicago",
      email: expect.objectContaining({
        id: email.id,
        scheduledSendDatetime: email.scheduledSendDatetime,
        sendingWindowEnabled: true,
      }),
    };
    expect(await approveEmailByLink(deps(later), token)).toEqual(used);
    expect(await inspectApprovalLink(deps(later), token)).toEqual(used);
    expect(await snapshot(email)).toEqual(after);
  });

  it("a used link tells the page whether the agent sends only inside the sending window", async () => {
    const email = await pendingEmail({ sendingWindowEnabled: false });
    const { token } = await issueApprovalToken(getDb(), email.id, secret, NOW);
    expect(await approveEmailByLink(deps(), token)).toMatchObject({ state: "approved" });
    expect(await inspectApprovalLink(deps(), token)).toMatchObject({
      state: "used",
      email: { sendingWindowEnabled: false },
    });
  });

  it("two clicks at once approve once", async () => {
    const email = await pendingEmail();
    const { token } = await issueApprovalToken(getDb(), email.id, secret, NOW);
    const results = await Promise.all([approveEmailByLink(deps(), token), approveEmailByLink(deps(), token)]);
    const states = results.map((r) => r.state);
    expect(states.filter((state) => state === "approved")).toHaveLength(1);
    // The other click is told nothing changed: the link was used, or (when it read the token just
    // before the first click committed and the email just after) the email is already approved.
    expect(["used", "already-approved"]).toContain(states.find((state) => state !== "approved"));
    expect((await snapshot(email)).approvals).toBe(1);
  });

  it("a tampered or forged token changes nothing and is called invalid", async () => {
    const email = await pendingEmail();
    const other = await pendingEmail();
    const { token } = await issueApprovalToken(getDb(), email.id, secret, NOW);
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const swapped = Buffer.from(JSON.stringify({ ...claims, sub: other.id })).toString("base64url");
    // The other email's own token row, paired with this email by someone who knows the secret's format
    // but not the secret; and a correctly signed token whose row belongs to a different email.
    const { token: otherToken } = await issueApprovalToken(getDb(), other.id, secret, NOW);
    const otherJti = JSON.parse(Buffer.from(otherToken.split(".")[1] ?? "", "base64url").toString()).jti;
    const crossed = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(email.id)
      .setJti(otherJti)
      .setAudience("dripr-approve")
      .setExpirationTime(Math.floor(NOW.getTime() / 1000) + 3600)
      .sign(new TextEncoder().encode(secret));
    const wrongSecret = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(email.id)
      .setJti(claims.jti)
      .setAudience("dripr-approve")
      .setExpirationTime(Math.floor(NOW.getTime() / 1000) + 3600)
      .sign(new TextEncoder().encode("not-the-secret-not-the-secret-not-the-secret"));
    const flipped = `${signature.slice(0, -2)}${signature.endsWith("AA") ? "BB" : "AA"}`;
    const bad = [
      `${header}.${payload}.${flipped}`,
      `${header}.${swapped}.${signature}`,
      crossed,
      wrongSecret,
      "not-a-token",
      `${token}x`,
    ];
    const before = [await snapshot(email), await snapshot(other)];
    for (const candidate of bad) {
      expect(await inspectApprovalLink(deps(), candidate)).toEqual({ state: "invalid" });
      expect(await approveEmailByLink(deps(), candidate)).toEqual({ state: "invalid" });
    }
    expect([await snapshot(email), await snapshot(other)]).toEqual(before);
  });

  it("an expired link changes nothing and says it expired", async () => {
    const email = await pendingEmail();
    const issuedAt = new Date(NOW.getTime() - (APPROVAL_LINK_TTL_HOURS + 1) * 3_600_000);
    const { token } = await issueApprovalToken(getDb(), email.id, secret, issuedAt);
    const before = await snapshot(email);
    expect(await inspectApprovalLink(deps(), token)).toEqual({ state: "expired" });
    expect(await approveEmailByLink(deps(), token)).toEqual({ state: "expired" });
    expect(await snapshot(email)).toEqual(before);
    // One second before it expires, it still works.
    const { token: fresh } = await issueApprovalToken(getDb(), email.id, secret, NOW);
    const almost = new Date(NOW.getTime() + APPROVAL_LINK_TTL_HOURS * 3_600_000 - 1000);
    expect((await approveEmailByLink(deps(almost), fresh)).state).toBe("approved");
  });

  it("an email approved in the app, skipped, or replaced cannot be approved by its link", async () => {
    const approvedInApp = await pendingEmail();
    const { token } = await issueApprovalToken(getDb(), approvedInApp.id, secret, NOW);
    await approveEmail(approvedInApp.userId, approvedInApp.id, NOW);
    expect(await approveEmailByLink(deps(), token)).toEqual({ state: "already-approved", approvedAt: NOW });
    expect((await snapshot(approvedInApp)).tokens[0]?.usedAt).toBeNull();

    const skipped = await pendingEmail();
    const { token: skippedToken } = await issueApprovalToken(getDb(), skipped.id, secret, NOW);
    await rejectEmail({ db: getDb(), pipeline: env.deps.config.pipeline }, skipped.userId, skipped.id, NOW);
    const before = await snapshot(skipped);
    expect(await approveEmailByLink(deps(), skippedToken)).toEqual({
      state: "closed",
      emailStatus: "CANCELED",
      approvalStatus: "REJECTED",
    });
    expect(await snapshot(skipped)).toEqual(before);

    const replaced = await pendingEmail();
    const { token: replacedToken } = await issueApprovalToken(getDb(), replaced.id, secret, NOW);
    await getDb().email.update({ where: { id: replaced.id }, data: { status: "EXPIRED" } });
    expect((await approveEmailByLink(deps(), replacedToken)).state).toBe("closed");
    expect((await snapshot(replaced)).email.approvalStatus).toBe("PENDING");
  });
});
