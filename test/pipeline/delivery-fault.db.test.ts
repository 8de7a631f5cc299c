import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GMAIL_READONLY_SCOPE, GMAIL_SEND_SCOPE } from "@/lib/clients/google/google-oauth";
import { encryptToken } from "@/lib/delivery/token-cipher";
import { LOCAL_DEFAULTS } from "@/lib/env";
import type { User } from "@/lib/generated/prisma/client";
import { SHORT_LEASE_ENV } from "@/test/fakes/delivery-config";
import { type GoogleFake, startGoogleFake } from "@/test/fakes/google-fake";
import { type PostmarkFake, startPostmarkFake } from "@/test/fakes/postmark-fake";
import {
  type ChildHandle,
  type PipelineHarness,
  startPipelineHarness,
} from "@/test/pipeline/pipeline-harness";

/**
 * Issue 7 acceptance, "never twice, never lose one" across a crash: a real worker process is
 * SIGKILLed right after the provider (a local Postmark or Gmail server in this process) accepted the
 * message and before the worker could record it. After a restart, the email must be recorded as sent
 * once, and the provider must have received it once: the new worker takes over the expired claim and
 * asks the provider (Postmark: outbound search by metadata; Gmail: rfc822msgid search) instead of
 * sending again.
 */

let harness: PipelineHarness;
let postmark: PostmarkFake;
let google: GoogleFake;

beforeAll(async () => {
  [postmark, google] = await Promise.all([startPostmarkFake(), startGoogleFake()]);
  harness = await startPipelineHarness({ name: "delivery-fault", stuckAfterMinutes: 0.1 });
  await harness.startEmulator();
}, 180_000);

afterAll(async () => {
  await harness?.close();
  await Promise.all([postmark?.close(), google?.close()]);
}, 30_000);

function startWorker(): ChildHandle {
  return harness.startWorker({
    POSTMARK_SERVER_TOKEN: postmark.token,
    POSTMARK_API_URL: postmark.url,
    POSTMARK_FROM_EMAIL: "hello@dripr.test",
    GOOGLE_CLIENT_ID: google.clientId,
    GOOGLE_CLIENT_SECRET: google.clientSecret,
    GOOGLE_OAUTH_TOKEN_URL: google.config.tokenUrl,
    GMAIL_API_URL: google.config.gmailApiUrl,
    ...SHORT_LEASE_ENV,
  });
}

/** Seeds one due campaign of `agent`; runs it up to the provider, where `armKill` kills the worker. */
async function crashAtTheProvider(agent: User, armKill: (kill: () => Promise<void>) => void) {
  const { db } = harness;
  const [campaign] = await harness.seedDueCampaigns([agent], 1);
  if (!campaign) throw new Error("no campaign seeded");
  const ids = [campaign.id];
  const worker = startWorker();
  let killed = false;
  armKill(async () => {
    await worker.kill();
    killed = true;
  });
  await harness.waitUntil("the worker to be killed at the provider", async () => killed, {
    timeoutMs: 90_000,
    campaignIds: ids,
  });
  const email = await db.email.findFirstOrThrow({ where: { campaignId: campaign.id } });
  // The crash window: the provider has it, the database does not know.
  expect(email).toMatchObject({ status: "SENDING", providerMessageId: null, sentAt: null });
  return { campaign, email, ids };
}

async function restartAndWait(ids: string[]) {
  startWorker();
  await harness.waitForCycleCompleted(ids, 90_000);
}

describe("SIGKILL between the provider accepting and the database recording", () => {
  it("Postmark: after a restart the email is recorded once and Postmark received it once", async () => {
    const [agent] = await harness.seedAgents(1);
    if (!agent) throw new Error("no agent");
    const { email, campaign, ids } = await crashAtTheProvider(agent, (kill) => {
      postmark.onAccepted = async (message) => {
        if (message.Tag !== "homeowner") return undefined;
        postmark.onAccepted = undefined;
        await kill();
        return "hang" as const;
      };
    });
    const copies = () =>
      postmark.received.filter((m) => m.Metadata.dripr_email_id === email.id).map((m) => m.MessageID);
    expect(copies()).toHaveLength(1);

    await restartAndWait(ids);
    const after = await harness.db.email.findUniqueOrThrow({ where: { id: email.id } });
    expect(after).toMatchObject({ status: "COMPLETE", provider: "POSTMARK", providerMessageId: copies()[0] });
    expect(after.sendAttempts).toBe(1);
    expect(copies()).toHaveLength(1);
    const sentEvents = await harness.db.campaignHistory.count({
      where: { campaignId: campaign.id, event: "EMAIL_SENT" },
    });
    expect(sentEvents).toBe(1);
  }, 240_000);

  it("Gmail (with the search scope): the new worker finds the message by rfc822msgid and does not resend", async () => {
    const [agent] = await harness.seedAgents(1);
    if (!agent) throw new Error("no agent");
    const refreshToken = `1//fault-${agent.id}`;
    const scope = `openid email ${GMAIL_SEND_SCOPE} ${GMAIL_READONLY_SCOPE}`;
    google.grants.set(refreshToken, { refreshToken, scope, email: "agent.fault@gmail.com", revoked: false });
    await harness.db.gmailConnection.create({
      data: {
        userId: agent.id,
        googleEmail: "agent.fault@gmail.com",
        // The workers run in local mode without TOKEN_ENCRYPTION_KEY: the local default key.
        encryptedRefreshToken: encryptToken(
          refreshToken,
          Buffer.from(LOCAL_DEFAULTS.tokenEncryptionKey, "base64"),
          agent.id,
        ),
        scope,
      },
    });
    const { email, ids } = await crashAtTheProvider(agent, (kill) => {
      google.onSent = async () => {
        google.onSent = undefined;
        await kill();
        return "hang" as const;
      };
    });
    const copies = () => google.sent.filter((m) => m.messageId === email.messageId).map((m) => m.id);
    expect(copies()).toHaveLength(1);

    await restartAndWait(ids);
    const after = await harness.db.email.findUniqueOrThrow({ where: { id: email.id } });
    expect(after).toMatchObject({ status: "COMPLETE", provider: "GMAIL", providerMessageId: copies()[0] });
    expect(copies()).toHaveLength(1);
    expect(postmark.received.filter((m) => m.Metadata.dripr_email_id === email.id)).toHaveLength(0);
  }, 240_000);
});

describe("Gmail revoked mid-month, in the running pipeline", () => {
  it("the email goes out through Postmark, and the connection and the email say why", async () => {
    const [agent] = await harness.seedAgents(1);
    if (!agent) throw new Error("no agent");
    const refreshToken = `1//revoked-${agent.id}`;
    const scope = `openid email ${GMAIL_SEND_SCOPE}`;
    // Connected earlier this month; the agent has since removed Dripr from their Google account.
    google.grants.set(refreshToken, { refreshToken, scope, email: "agent.revoked@gmail.com", revoked: true });
    await harness.db.gmailConnection.create({
      data: {
        userId: agent.id,
        googleEmail: "agent.revoked@gmail.com",
        encryptedRefreshToken: encryptToken(
          refreshToken,
          Buffer.from(LOCAL_DEFAULTS.tokenEncryptionKey, "base64"),
          agent.id,
        ),
        scope,
      },
    });
    const [campaign] = await harness.seedDueCampaigns([agent], 1);
    if (!campaign) throw new Error("no campaign seeded");
    startWorker();
    await harness.waitForCycleCompleted([campaign.id], 90_000);

    const email = await harness.db.email.findFirstOrThrow({ where: { campaignId: campaign.id } });
    const viaPostmark = postmark.received.filter((m) => m.Metadata.dripr_email_id === email.id);
    expect(viaPostmark).toHaveLength(1);
    expect(viaPostmark[0]).toMatchObject({ ReplyTo: agent.email, MessageStream: "broadcast" });
    expect(google.sent.filter((m) => m.messageId === email.messageId)).toHaveLength(0);
    expect(email).toMatchObject({ status: "COMPLETE", provider: "POSTMARK" });
    expect(email.fallbackReason).toMatch(/^Gmail access was revoked/);
    const connection = await harness.db.gmailConnection.findUniqueOrThrow({ where: { userId: agent.id } });
    expect(connection).toMatchObject({
      status: "REVOKED",
      lastError: expect.stringContaining("invalid_grant"),
    });
  }, 180_000);
});
