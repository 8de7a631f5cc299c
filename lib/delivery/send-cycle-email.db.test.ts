import { type FauxqsServer, startFauxqs } from "fauxqs";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPipelineDeps } from "@/lib/campaigns/create-pipeline-deps";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { setCampaignEnabled } from "@/lib/campaigns/set-campaign-enabled";
import { GMAIL_READONLY_SCOPE, GMAIL_SEND_SCOPE } from "@/lib/clients/google/google-oauth";
import { getDb } from "@/lib/db";
import { getGmailConnection } from "@/lib/delivery/gmail-connection/get-gmail-connection";
import { sendCycleEmail } from "@/lib/delivery/send-cycle-email";
import { encryptToken } from "@/lib/delivery/token-cipher";
import { unsubscribeHomeowner } from "@/lib/emails/unsubscribe-homeowner";
import { unsubscribeToken } from "@/lib/emails/unsubscribe-link";
import type { User } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { createTestAgent } from "@/test/factories/agent";
import { createSendableEmail } from "@/test/factories/sendable-email";
import { deliveryTestConfig } from "@/test/fakes/delivery-config";
import { type GoogleFake, startGoogleFake } from "@/test/fakes/google-fake";
import { type PostmarkFake, startPostmarkFake } from "@/test/fakes/postmark-fake";
import { email_sendingHandler } from "@/workers/handlers/email-sending";

// Monday 30 November 2026, 12:00 in New York: inside the sending window.
const NOW = new Date("2026-11-30T17:00:00Z");
const BUCKET = "dripr-send-test";
const WORKER = "test-worker:1";

let s3Server: FauxqsServer;
let postmark: PostmarkFake;
let google: GoogleFake;

beforeAll(async () => {
  [s3Server, postmark, google] = await Promise.all([
    startFauxqs({ port: 0, logger: false }),
    startPostmarkFake(),
    startGoogleFake(),
  ]);
  s3Server.createBucket(BUCKET);
});
afterAll(async () => {
  await Promise.all([s3Server?.stop(), postmark?.close(), google?.close()]);
});

function makeDeps(extra: Record<string, string> = {}, now = NOW): PipelineDeps {
  const config = deliveryTestConfig(
    { postmark, google },
    { AWS_ENDPOINT_URL: `http://127.0.0.1:${s3Server.port}`, EMAIL_BUCKET: BUCKET, ...extra },
  );
  return { ...createPipelineDeps(config, getDb(), logger), now: () => now };
}

let deps: PipelineDeps;
let agent: User;
beforeEach(async () => {
  deps = makeDeps();
  agent = await createTestAgent(getDb(), { timeZone: "America/New_York", sendingWindowEnabled: true });
});

/** Stores a Gmail grant for the agent that the Google fake honours. */
async function connectGmail(user: User, scope = `openid email ${GMAIL_SEND_SCOPE}`) {
  const refreshToken = `1//refresh-${user.id}`;
  google.grants.set(refreshToken, {
    refreshToken,
    scope,
    email: `${user.firstName}.agent@gmail.com`,
    revoked: false,
  });
  await getDb().gmailConnection.create({
    data: {
      userId: user.id,
      googleEmail: `${user.firstName}.agent@gmail.com`.toLowerCase(),
      encryptedRefreshToken: encryptToken(refreshToken, deps.config.tokenEncryptionKey, user.id),
      scope,
    },
  });
  return refreshToken;
}

const sendable = (user = agent, overrides = {}) =>
  createSendableEmail(getDb(), deps.s3, BUCKET, user, NOW, overrides);
const send = (campaignId: string, d = deps) => sendCycleEmail(d, { campaignId, cycle: 1 }, WORKER);
const receivedFor = (messageId: string) =>
  postmark.received.filter((m) => m.Headers.some((h) => h.Name === "Message-ID" && h.Value === messageId));

describe("sending through the agent's Gmail", () => {
  it("sends from the agent's mailbox, records the Gmail id and returns the campaign to DORMANT", async () => {
    await connectGmail(agent);
    const { campaign, email } = await sendable();
    expect(await send(campaign.id)).toEqual({ kind: "sent" });

    const gmail = google.sent.filter((m) => m.messageId === email.messageId);
    expect(gmail).toHaveLength(1);
    expect(gmail[0]?.mime).toMatch(
      new RegExp(`^From: .*<${agent.firstName.toLowerCase()}\\.agent@gmail\\.com>$`, "m"),
    );
    const after = await getDb().email.findUniqueOrThrow({ where: { id: email.id } });
    expect(after).toMatchObject({
      status: "COMPLETE",
      provider: "GMAIL",
      providerMessageId: gmail[0]?.id,
      sentAt: NOW,
      fallbackReason: null,
      claimExpiresAt: null,
    });
    const c = await getDb().campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    // Fixed day 25; Dec 25 is ≥ 14 days after Nov 30: 11:00 New York = 16:00Z.
    expect(c).toMatchObject({
      status: "DORMANT",
      lastSentEmailDatetime: NOW,
      nextSendDate: new Date("2026-12-25T16:00:00Z"),
    });
    expect(receivedFor(email.messageId)).toHaveLength(0);
  });

  it("with Gmail revoked mid-month, sends through Postmark and tells the agent why", async () => {
    const refreshToken = await connectGmail(agent);
    const first = await sendable();
    expect(await send(first.campaign.id)).toEqual({ kind: "sent" });
    google.revoke(refreshToken); // the agent removes Dripr from their Google account

    const second = await sendable();
    expect(await send(second.campaign.id)).toEqual({ kind: "sent" });
    const viaPostmark = receivedFor(second.email.messageId);
    expect(viaPostmark).toHaveLength(1);
    expect(viaPostmark[0]).toMatchObject({
      From: `${agent.firstName} ${agent.lastName} <hello@dripr.test>`,
      ReplyTo: agent.email,
      MessageStream: "broadcast",
      Metadata: expect.objectContaining({ dripr_email_id: second.email.id }),
    });
    expect(google.sent.filter((m) => m.messageId === second.email.messageId)).toHaveLength(0);
    const email = await getDb().email.findUniqueOrThrow({ where: { id: second.email.id } });
    expect(email).toMatchObject({
      status: "COMPLETE",
      provider: "POSTMARK",
      providerMessageId: viaPostmark[0]?.MessageID,
    });
    expect(email.fallbackReason).toMatch(
      /^Gmail access was revoked on 2026-11-30 \(.+\); reconnect Gmail in Settings$/,
    );
    const history = await getDb().campaignHistory.findFirstOrThrow({
      where: { campaignId: second.campaign.id, event: "EMAIL_SENT" },
    });
    expect(history.reason).toMatch(/through Postmark \(Gmail access was revoked/);
    const shown = await getGmailConnection(getDb(), agent.id);
    expect(shown).toMatchObject({
      status: "REVOKED",
      revokedAt: NOW,
      lastError: expect.stringMatching(/revoked|invalid/),
      fallbackSends: 1,
    });

    // The next email goes straight to Postmark, without asking Google again.
    const tokenCalls = google.tokenRequests.length;
    const third = await sendable();
    expect(await send(third.campaign.id)).toEqual({ kind: "sent" });
    expect(google.tokenRequests.length).toBe(tokenCalls);
    expect(receivedFor(third.email.messageId)).toHaveLength(1);
  });

  it("an agent without Gmail gets Postmark, labelled as such", async () => {
    const { campaign, email } = await sendable();
    expect(await send(campaign.id)).toEqual({ kind: "sent" });
    expect(receivedFor(email.messageId)).toHaveLength(1);
    expect(await getDb().email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      provider: "POSTMARK",
      fallbackReason: "Gmail is not connected",
    });
    // RFC 8058 one-click unsubscribe only: no mailto address that nothing would receive (issue 18).
    const header = (name: string) =>
      receivedFor(email.messageId)[0]?.Headers.find((h) => h.Name === name)?.Value;
    expect(header("List-Unsubscribe")).toMatch(/^<https?:\/\/[^>]+\/unsubscribe\/[^>]+>$/);
    expect(header("List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
  });

  it("keeps to the agent's Gmail budget: over it, the email waits (deferred) and stays READY", async () => {
    const limited = makeDeps({ GMAIL_PER_MINUTE_LIMIT: "1" });
    await connectGmail(agent);
    const a = await sendable();
    const b = await sendable();
    expect(await send(a.campaign.id, limited)).toEqual({ kind: "sent" });
    const outcome = await send(b.campaign.id, limited);
    expect(outcome).toMatchObject({ kind: "deferred", reason: "GMAIL_BUDGET" });
    expect(outcome.kind === "deferred" && outcome.delayMs).toBeGreaterThan(55_000);
    expect(await getDb().email.findUniqueOrThrow({ where: { id: b.email.id } })).toMatchObject({
      status: "READY",
      claimedBy: null,
    });
    expect(google.sent.filter((m) => m.messageId === b.email.messageId)).toHaveLength(0);
    // A minute later the bucket has refilled.
    const later = makeDeps({ GMAIL_PER_MINUTE_LIMIT: "1" }, new Date(NOW.getTime() + 61_000));
    expect(await send(b.campaign.id, later)).toEqual({ kind: "sent" });
  });
});

describe("Gmail errors and timeouts, after Google's guidance", () => {
  const serverError = (status: number) => ({
    error: { code: status, message: "Backend Error", errors: [{ reason: "backendError" }] },
  });
  const gmailSent = (messageId: string) => google.sent.filter((m) => m.messageId === messageId);
  afterEach(() => {
    google.onSent = undefined;
  });

  it("a 503 is retried with backoff: sent once, the month's email is not lost", async () => {
    await connectGmail(agent);
    const { campaign, email } = await sendable();
    const before = google.sendRequests;
    google.failNextSend(503, serverError(503));
    expect(await send(campaign.id)).toEqual({ kind: "sent" });
    expect(google.sendRequests - before).toBe(2);
    expect(gmailSent(email.messageId)).toHaveLength(1);
    expect(await getDb().email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "COMPLETE",
      provider: "GMAIL",
    });
  });

  it("500 on every attempt: the email goes back to READY, and the next delivery sends it once", async () => {
    await connectGmail(agent);
    const { campaign, email } = await sendable();
    const before = google.sendRequests;
    for (let i = 0; i < 4; i++) google.failNextSend(500, serverError(500));
    await expect(send(campaign.id)).rejects.toMatchObject({ kind: "transient", ambiguous: false });
    expect(google.sendRequests - before).toBe(4);
    expect(await getDb().email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "READY",
      claimedBy: null,
      error: expect.stringContaining("Gmail answered 500"),
    });
    expect(await send(campaign.id)).toEqual({ kind: "sent" });
    expect(gmailSent(email.messageId)).toHaveLength(1);
  });

  it("no answer within GMAIL_TIMEOUT_MS after Gmail took the message: the attempt ends; gmail.send alone cannot check, so it is not resent", async () => {
    await connectGmail(agent);
    const quick = makeDeps({ GMAIL_TIMEOUT_MS: "500" });
    const { campaign, email } = await sendable();
    const before = google.sendRequests;
    google.onSent = () => "hang";
    await expect(send(campaign.id, quick)).rejects.toMatchObject({ kind: "transient", ambiguous: true });
    expect(await getDb().email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "SENDING",
      claimExpiresAt: NOW,
    });
    google.onSent = undefined;
    const later = makeDeps({ GMAIL_TIMEOUT_MS: "500" }, new Date(NOW.getTime() + 1_000));
    expect(await send(campaign.id, later)).toEqual({ kind: "failed" });
    expect(google.sendRequests - before).toBe(1);
    expect(gmailSent(email.messageId)).toHaveLength(1);
    expect(await getDb().email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "FAILED",
      error: expect.stringContaining("Sent folder"),
    });
  });

  it("with a read scope, a timed-out send that Gmail took is found by rfc822msgid, not sent twice", async () => {
    await connectGmail(agent, `${GMAIL_SEND_SCOPE} ${GMAIL_READONLY_SCOPE}`);
    const { campaign, email } = await sendable();
    const before = google.sendRequests;
    google.onSent = () => "hang";
    await expect(send(campaign.id, makeDeps({ GMAIL_TIMEOUT_MS: "500" }))).rejects.toMatchObject({
      ambiguous: true,
    });
    google.onSent = undefined;
    const later = makeDeps({ GMAIL_TIMEOUT_MS: "500" }, new Date(NOW.getTime() + 1_000));
    expect(await send(campaign.id, later)).toEqual({ kind: "reconciled" });
    expect(google.sendRequests - before).toBe(1);
    expect(gmailSent(email.messageId)).toHaveLength(1);
  });

  it("with a read scope, a timed-out send that Gmail did not take is sent once after asking", async () => {
    await connectGmail(agent, `${GMAIL_SEND_SCOPE} ${GMAIL_READONLY_SCOPE}`);
    const { campaign, email } = await sendable();
    const before = google.sendRequests;
    google.hangNextSend();
    await expect(send(campaign.id, makeDeps({ GMAIL_TIMEOUT_MS: "500" }))).rejects.toMatchObject({
      ambiguous: true,
    });
    const later = makeDeps({ GMAIL_TIMEOUT_MS: "500" }, new Date(NOW.getTime() + 1_000));
    expect(await send(campaign.id, later)).toEqual({ kind: "sent" });
    expect(google.sendRequests - before).toBe(2);
    expect(gmailSent(email.messageId)).toHaveLength(1);
  });
});

describe("checks at send time", () => {
  it("outside the sending window, defers until the window opens and claims nothing", async () => {
    const night = new Date("2026-11-30T03:00:00Z"); // 22:00 in New York
    const { campaign, email } = await createSendableEmail(getDb(), deps.s3, BUCKET, agent, night);
    const outcome = await send(campaign.id, makeDeps({}, night));
    // Next opening: 11:00 New York on 30 November = 16:00Z, 13 hours later.
    expect(outcome).toEqual({ kind: "deferred", delayMs: 13 * 3_600_000, reason: "OUTSIDE_WINDOW" });
    expect(await getDb().email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "READY",
      sendAttempts: 0,
    });
    expect(receivedFor(email.messageId)).toHaveLength(0);
  });

  it("the sending consumer keeps the message until the window opens, and the poller waits as long", async () => {
    const night = new Date("2026-11-30T03:00:00Z"); // 22:00 in New York
    const { campaign } = await createSendableEmail(getDb(), deps.s3, BUCKET, agent, night);
    const deferred: number[] = [];
    await email_sendingHandler(makeDeps({}, night), WORKER)(
      {
        type: "CAMPAIGN_STATUS_CHANGED",
        version: 1,
        campaignId: campaign.id,
        userId: agent.id,
        cycle: 1,
        fromStatus: "READY_TO_CREATE_EMAIL",
        toStatus: "READY_TO_SEND_EMAIL",
        dedupeKey: `campaign:${campaign.id}:cycle:1:READY_TO_SEND_EMAIL`,
        occurredAt: night.toISOString(),
      },
      {
        queue: "email-sending",
        messageId: "m-1",
        receiveCount: 1,
        maxReceiveCount: 5,
        log: logger,
        deferFor: (ms) => deferred.push(ms),
      },
    );
    expect(deferred).toEqual([13 * 3_600_000]);
    // SQS hides a message for 12 hours at most: it comes back then (and is deferred again).
    const returns = new Date(night.getTime() + 12 * 3_600_000);
    expect(await getDb().campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({
      status: "READY_TO_SEND_EMAIL",
      lastNudgedAt: returns,
    });
  });

  it("a suppressed address is canceled, not sent", async () => {
    const { campaign, email } = await sendable();
    await getDb().suppression.create({
      data: { userId: agent.id, email: email.toEmail, reason: "HARD_BOUNCE" },
    });
    expect(await send(campaign.id)).toEqual({ kind: "canceled" });
    expect(await getDb().email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "CANCELED",
      error: expect.stringContaining("hard bounce"),
    });
    expect(receivedFor(email.messageId)).toHaveLength(0);
  });

  it("a permanent refusal marks the email FAILED with the reason and waits for the next send day", async () => {
    const { campaign, email } = await sendable();
    postmark.inactive.add(email.toEmail);
    expect(await send(campaign.id)).toEqual({ kind: "failed" });
    expect(await getDb().email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "FAILED",
      error: expect.stringContaining("inactive"),
    });
    expect(await getDb().campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({
      status: "DORMANT",
      lastSentEmailDatetime: null,
      nextSendDate: new Date("2026-12-25T16:00:00Z"),
    });
    const history = await getDb().campaignHistory.findFirstOrThrow({
      where: { campaignId: campaign.id, event: "EMAIL_FAILED" },
    });
    expect(history.reason).toContain("inactive");
  });

  it("retries a transient refusal with backoff and sends once", async () => {
    const { campaign, email } = await sendable();
    postmark.failNext(429, { ErrorCode: 429, Message: "Rate limit exceeded" });
    expect(await send(campaign.id)).toEqual({ kind: "sent" });
    expect(receivedFor(email.messageId)).toHaveLength(1);
    expect(await getDb().email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "COMPLETE",
      sendAttempts: 1,
    });
  });

  it("an email claimed by a live sender is left alone", async () => {
    const { campaign, email } = await sendable(agent, {
      email: {
        status: "SENDING",
        claimedBy: "other:2",
        claimExpiresAt: new Date(NOW.getTime() + 60_000),
        provider: "POSTMARK",
      },
    });
    expect(await send(campaign.id)).toEqual({ kind: "claimed-elsewhere" });
    expect(receivedFor(email.messageId)).toHaveLength(0);
  });
});

describe("an email already claimed (SENDING) is not sent after the homeowner or the agent stops it", () => {
  const unsubscribe = async (campaignId: string) => {
    const token = await unsubscribeToken(campaignId, deps.config.linkSigningSecret);
    const done = await unsubscribeHomeowner(
      { db: getDb(), secret: deps.config.linkSigningSecret, now: NOW },
      token,
      "one-click",
    );
    expect(done.state).toBe("unsubscribed");
  };
  const disable = (campaignId: string) => setCampaignEnabled(agent.id, campaignId, false, NOW);
  afterEach(() => {
    postmark.onRefused = undefined;
    postmark.onSearched = undefined;
  });

  for (const [who, stop] of [
    ["the homeowner unsubscribes", unsubscribe],
    ["the agent disables the campaign", disable],
  ] as const) {
    it(`${who} while a refused attempt waits for its retry: the retry does not go out`, async () => {
      const { campaign, email } = await sendable();
      const requestsBefore = postmark.sendRequests;
      postmark.failNext(429, { ErrorCode: 429, Message: "Rate limit exceeded" });
      postmark.onRefused = () => stop(campaign.id);
      expect(await send(campaign.id)).toEqual({ kind: "canceled" });
      // Postmark saw the one refused request and nothing after it.
      expect(postmark.sendRequests - requestsBefore).toBe(1);
      expect(receivedFor(email.messageId)).toHaveLength(0);
      expect(await getDb().email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
        status: "CANCELED",
        claimedBy: null,
      });
      expect(await getDb().campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({
        status: "DORMANT",
      });
    });
  }

  it("the agent disables the campaign while a crashed send is being reconciled: it is not sent", async () => {
    const { campaign, email } = await sendable(agent, {
      email: {
        status: "SENDING",
        claimedBy: "dead:1",
        claimExpiresAt: new Date(NOW.getTime() - 1_000),
        provider: "POSTMARK",
        sendAttempts: 1,
      },
    });
    // Postmark is asked whether the dead sender got through; meanwhile the agent disables the
    // campaign (disabling cancels only READY emails: this one is SENDING).
    postmark.onSearched = () => disable(campaign.id);
    const requestsBefore = postmark.sendRequests;
    expect(await send(campaign.id)).toEqual({ kind: "canceled" });
    expect(postmark.sendRequests - requestsBefore).toBe(0);
    expect(await getDb().email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "CANCELED",
      error: "campaign disabled",
    });
  });
});

describe("an email left in SENDING by a crash is reconciled before anything is resent", () => {
  const crashed = (provider: "POSTMARK" | "GMAIL") => ({
    email: {
      status: "SENDING" as const,
      claimedBy: "dead:1",
      claimExpiresAt: new Date(NOW.getTime() - 1_000),
      provider,
      sendAttempts: 1,
    },
  });

  it("Postmark already has it: recorded as sent, not sent again", async () => {
    const { campaign, email } = await sendable(agent, crashed("POSTMARK"));
    // What the dead sender got as far as: Postmark accepted the message.
    await deps.mail.byProvider("POSTMARK", agent.id).then((t) =>
      t?.send({
        kind: "homeowner",
        userId: agent.id,
        emailId: email.id,
        from: { name: "x", address: "hello@dripr.test" },
        to: { name: "", address: email.toEmail },
        subject: email.subject,
        html: "<p/>",
        text: "",
        headers: {},
        messageId: email.messageId,
      }),
    );
    expect(await send(campaign.id)).toEqual({ kind: "reconciled" });
    expect(receivedFor(email.messageId)).toHaveLength(1);
    const after = await getDb().email.findUniqueOrThrow({ where: { id: email.id } });
    expect(after).toMatchObject({
      status: "COMPLETE",
      providerMessageId: receivedFor(email.messageId)[0]?.MessageID,
      claimedBy: WORKER,
    });
    expect(await getDb().campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({
      status: "DORMANT",
    });
  });

  it("Postmark does not have it: sent once", async () => {
    const { campaign, email } = await sendable(agent, crashed("POSTMARK"));
    expect(await send(campaign.id)).toEqual({ kind: "sent" });
    expect(receivedFor(email.messageId)).toHaveLength(1);
  });

  it("an ambiguous failure (Postmark 500) leaves it SENDING; the next attempt asks first, then sends once", async () => {
    const { campaign, email } = await sendable();
    postmark.failNext(500, { ErrorCode: 0, Message: "Internal Server Error" });
    await expect(send(campaign.id)).rejects.toMatchObject({ kind: "transient", ambiguous: true });
    expect(await getDb().email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "SENDING",
      claimExpiresAt: NOW,
    });
    const later = makeDeps({}, new Date(NOW.getTime() + 1_000));
    expect(await send(campaign.id, later)).toEqual({ kind: "sent" });
    expect(receivedFor(email.messageId)).toHaveLength(1);
  });

  it("Gmail with a read scope is searched by rfc822msgid", async () => {
    await connectGmail(agent, `${GMAIL_SEND_SCOPE} ${GMAIL_READONLY_SCOPE}`);
    const { campaign, email } = await sendable(agent, crashed("GMAIL"));
    const transport = await deps.mail.byProvider("GMAIL", agent.id);
    const { providerMessageId } =
      (await transport?.send({
        kind: "homeowner",
        userId: agent.id,
        emailId: email.id,
        from: { name: "x", address: "a@gmail.com" },
        to: { name: "", address: email.toEmail },
        subject: email.subject,
        html: "<p/>",
        text: "",
        headers: {},
        messageId: email.messageId,
      })) ?? {};
    expect(await send(campaign.id)).toEqual({ kind: "reconciled" });
    expect(google.sent.filter((m) => m.messageId === email.messageId)).toHaveLength(1);
    expect(await getDb().email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "COMPLETE",
      providerMessageId,
    });
  });

  it("Gmail with gmail.send only cannot be asked: not resent, FAILED with an explanation for the agent", async () => {
    await connectGmail(agent);
    const { campaign, email } = await sendable(agent, crashed("GMAIL"));
    expect(await send(campaign.id)).toEqual({ kind: "failed" });
    expect(google.sent.filter((m) => m.messageId === email.messageId)).toHaveLength(0);
    expect(receivedFor(email.messageId)).toHaveLength(0);
    expect(await getDb().email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "FAILED",
      error: expect.stringContaining("Sent folder"),
    });
  });
});
