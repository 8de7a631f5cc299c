import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignFormValues } from "@/lib/campaigns/campaign-form-values";
import { campaignInput } from "@/lib/campaigns/campaign-input";
import { setCampaignEnabled } from "@/lib/campaigns/set-campaign-enabled";
import { updateCampaign } from "@/lib/campaigns/update-campaign";
import { getDb } from "@/lib/db";
import { approveEmailByLink } from "@/lib/emails/approve-email-by-link";
import { sendDueApprovalMail } from "@/lib/emails/send-due-approval-mail";
import { suppressAddress } from "@/lib/emails/suppress-address";
import {
  deliverStatusEvent,
  type EmailTestEnv,
  poll,
  startEmailTestEnv,
} from "@/test/email-pipeline-support";
import { createTestAgent } from "@/test/factories/agent";
import { createTestCampaign } from "@/test/factories/campaign";

// Issue 15 #7: disabling and enabling a campaign again within one cycle brings back the email that
// was prepared (same email, same approval state, no second approval request) unless its details
// changed or its send time passed; a canceled email never goes out while the campaign is disabled.

// Monday 2026-11-23 18:00 UTC (12:00 in Chicago), within the 48 h preparation lead of the send date,
// Wednesday the 25th at 11:00 Chicago.
const NOW = new Date("2026-11-23T18:00:00Z");
const SEND_DATE = new Date("2026-11-25T17:00:00Z");
const hours = (h: number) => new Date(NOW.getTime() + h * 3_600_000);
let env: EmailTestEnv;

beforeAll(async () => {
  env = await startEmailTestEnv(NOW);
});
afterAll(async () => {
  await env?.stop();
});

/** Polls, delivers the campaign's events and runs the approval-mail job, a few times, at `at`. */
async function runEverything(campaignId: string, at: Date) {
  env.clock.now = at;
  for (let round = 0; round < 6; round++) {
    await poll(env);
    await deliverStatusEvent(env, campaignId);
    await sendDueApprovalMail(env.deps);
  }
}

/** A monthly campaign (sent last month) whose email for the 25th is prepared, as the pipeline does it. */
async function campaignWithEmail(options: { checkBeforeSending: boolean }) {
  const db = getDb();
  const agent = await createTestAgent(db);
  const campaign = await createTestCampaign(db, agent.id, {
    checkBeforeSending: options.checkBeforeSending,
    nextSendDate: SEND_DATE,
    fixedSendDay: 25,
    lastSentEmailDatetime: new Date("2026-10-25T16:00:00Z"),
    createdAt: new Date("2026-01-10T12:00:00Z"),
  });
  await runEverything(campaign.id, NOW);
  const email = await db.email.findFirstOrThrow({ where: { campaignId: campaign.id } });
  expect(email.status).toBe("READY");
  return { agent, campaign, email };
}

/** Where approval mail lands locally: the outbox, counted per kind for the agent. */
function approvalMailCount(userId: string, kind: "approval-request" | "approval-reminder") {
  return getDb().localOutboxMessage.count({ where: { userId, kind } });
}

function homeownerMailCount(userId: string) {
  return getDb().localOutboxMessage.count({ where: { userId, kind: "homeowner" } });
}

function approveTokenIn(text: string): string {
  const match = /\/approve\/([A-Za-z0-9._-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no approve link in:\n${text}`);
  return match[1];
}

describe("disabling and enabling again within the cycle", () => {
  it("brings back the same email waiting for approval, with no second approval request; its first link still approves it", async () => {
    const db = getDb();
    const { agent, campaign, email } = await campaignWithEmail({ checkBeforeSending: true });
    expect(await approvalMailCount(agent.id, "approval-request")).toBe(1);

    await setCampaignEnabled(agent.id, campaign.id, false, hours(1));
    expect(await db.email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "CANCELED",
    });
    // Stopped at once, not on the poller's next tick.
    expect(await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({
      status: "DORMANT",
      nextSendDate: null,
    });
    await runEverything(campaign.id, hours(2));

    await setCampaignEnabled(agent.id, campaign.id, true, hours(3));
    const restored = await db.email.findUniqueOrThrow({ where: { id: email.id } });
    expect(restored).toMatchObject({
      status: "READY",
      approvalStatus: "PENDING",
      error: null,
      subject: email.subject,
      scheduledSendDatetime: SEND_DATE,
      approvalRequestedAt: email.approvalRequestedAt,
    });
    const after = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    expect(after).toMatchObject({
      enabled: true,
      status: "READY_TO_CREATE_EMAIL",
      emailCreationStatus: "READY",
      cycle: campaign.cycle + 1,
      nextSendDate: SEND_DATE,
    });
    const enabled = await db.campaignHistory.findFirstOrThrow({
      where: { campaignId: campaign.id, event: "ENABLED" },
    });
    expect(enabled).toMatchObject({ fromStatus: "DORMANT", toStatus: "READY_TO_CREATE_EMAIL" });
    expect(enabled.reason).toContain(email.subject);

    // However long the pipeline and the approval job run before the send date: one email, one request.
    await runEverything(campaign.id, hours(4));
    await runEverything(campaign.id, new Date(SEND_DATE.getTime() - 30 * 60_000));
    expect(await db.email.count({ where: { campaignId: campaign.id } })).toBe(1);
    expect(await approvalMailCount(agent.id, "approval-request")).toBe(1);
    expect(await homeownerMailCount(agent.id)).toBe(0);

    // The link of the one request approves it, and it goes out at its time, once.
    const request = await db.localOutboxMessage.findFirstOrThrow({
      where: { userId: agent.id, kind: "approval-request" },
    });
    const deps = { db, secret: env.deps.config.linkSigningSecret, now: env.clock.now };
    expect((await approveEmailByLink(deps, approveTokenIn(request.text))).state).toBe("approved");
    await runEverything(campaign.id, SEND_DATE);
    await runEverything(campaign.id, hours(60));
    expect(await db.email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "COMPLETE",
    });
    expect(await homeownerMailCount(agent.id)).toBe(1);
  });

  it("brings an approved email back approved, and it goes out once at its time", async () => {
    const db = getDb();
    const { agent, campaign, email } = await campaignWithEmail({ checkBeforeSending: false });
    expect(email.approvalStatus).toBe("NOT_REQUIRED");
    await setCampaignEnabled(agent.id, campaign.id, false, hours(1));
    await setCampaignEnabled(agent.id, campaign.id, true, hours(2));
    expect(await db.email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "READY",
      approvalStatus: "NOT_REQUIRED",
    });
    await runEverything(campaign.id, hours(3));
    expect(await homeownerMailCount(agent.id)).toBe(0);
    await runEverything(campaign.id, SEND_DATE);
    await runEverything(campaign.id, hours(60));
    expect(await db.email.count({ where: { campaignId: campaign.id } })).toBe(1);
    expect(await db.email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "COMPLETE",
    });
    expect(await homeownerMailCount(agent.id)).toBe(1);
  });

  it("prepares afresh when the campaign's details changed while it was disabled", async () => {
    const db = getDb();
    const { agent, campaign, email } = await campaignWithEmail({ checkBeforeSending: true });
    await setCampaignEnabled(agent.id, campaign.id, false, hours(1));
    const values = campaignFormValues({ ...campaign, clientFirstName: "Jo" });
    await updateCampaign(agent.id, campaign.id, campaignInput.parse(values), hours(2));
    await setCampaignEnabled(agent.id, campaign.id, true, hours(3));

    expect(await db.email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "CANCELED",
    });
    const reEnabled = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    expect(reEnabled).toMatchObject({ status: "DORMANT", nextSendDate: SEND_DATE });
    // The next cycle is due at once (within the preparation lead): a new email and its request.
    await runEverything(campaign.id, hours(3));
    const fresh = await db.email.findFirstOrThrow({
      where: { campaignId: campaign.id, cycle: email.cycle + 1 },
    });
    expect(fresh).toMatchObject({ status: "READY", approvalStatus: "PENDING" });
    expect(await approvalMailCount(agent.id, "approval-request")).toBe(2);
    await runEverything(campaign.id, SEND_DATE);
    expect(await homeownerMailCount(agent.id)).toBe(0); // still waiting for approval
  });

  it("prepares afresh, as for any re-enabling, when the send time passed while it was disabled", async () => {
    const db = getDb();
    const { agent, campaign, email } = await campaignWithEmail({ checkBeforeSending: false });
    await setCampaignEnabled(agent.id, campaign.id, false, hours(1));
    // Disabled over the send date: nothing goes out.
    await runEverything(campaign.id, SEND_DATE);
    expect(await homeownerMailCount(agent.id)).toBe(0);

    await setCampaignEnabled(agent.id, campaign.id, true, hours(50));
    expect(await db.email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "CANCELED",
    });
    expect(await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({
      status: "DORMANT",
      nextSendDate: new Date("2026-12-25T17:00:00Z"),
    });
    await runEverything(campaign.id, hours(51));
    expect(await homeownerMailCount(agent.id)).toBe(0);
    expect(await db.email.count({ where: { campaignId: campaign.id } })).toBe(1);
  });

  it("never brings back an email to a homeowner who unsubscribed in the meantime", async () => {
    const db = getDb();
    const { agent, campaign, email } = await campaignWithEmail({ checkBeforeSending: false });
    await setCampaignEnabled(agent.id, campaign.id, false, hours(1));
    await db.$transaction((tx) =>
      suppressAddress(tx, {
        userId: agent.id,
        email: campaign.clientEmail,
        reason: "HARD_BOUNCE",
        source: "test",
        actor: "SYSTEM",
        now: hours(2),
      }),
    );
    await setCampaignEnabled(agent.id, campaign.id, true, hours(3));
    expect(await db.email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "CANCELED",
    });
    await runEverything(campaign.id, SEND_DATE);
    await runEverything(campaign.id, hours(60));
    expect(await homeownerMailCount(agent.id)).toBe(0);
  });

  it("enabling a campaign the poller has not yet stopped leaves it able to prepare its next email", async () => {
    // Disabled by another path (a bounce) in the middle of a cycle, enabled before the poller's tick.
    const db = getDb();
    const { agent, campaign, email } = await campaignWithEmail({ checkBeforeSending: false });
    await db.campaign.update({ where: { id: campaign.id }, data: { enabled: false, nextSendDate: null } });
    await db.email.update({
      where: { id: email.id },
      data: { status: "CANCELED", error: "Address bounced" },
    });
    await setCampaignEnabled(agent.id, campaign.id, true, hours(1));
    expect(await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({
      status: "DORMANT",
      enabled: true,
      nextSendDate: SEND_DATE,
    });
    await runEverything(campaign.id, hours(2));
    expect(await db.email.count({ where: { campaignId: campaign.id, status: "READY" } })).toBe(1);
    await runEverything(campaign.id, SEND_DATE);
    expect(await homeownerMailCount(agent.id)).toBe(1);
  });

  it("a send that finished after the campaign was stopped still counts: no second first email on re-enabling", async () => {
    // A new client's first cycle: its email goes out, but the agent disabled the campaign while the
    // sender held it, so the sender could not record the send on the (abandoned) cycle.
    const db = getDb();
    const agent = await createTestAgent(db);
    const createdAt = hours(-2);
    const campaign = await createTestCampaign(db, agent.id, {
      fixedSendDay: 25,
      createdAt,
      nextSendDate: createdAt,
      checkBeforeSending: true,
    });
    await runEverything(campaign.id, NOW);
    const email = await db.email.findFirstOrThrow({ where: { campaignId: campaign.id } });
    await db.email.update({ where: { id: email.id }, data: { approvalStatus: "APPROVED" } });
    await poll(env);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status).toBe(
      "READY_TO_SEND_EMAIL",
    );
    await db.email.update({ where: { id: email.id }, data: { status: "SENDING", claimedBy: "sender" } });
    await setCampaignEnabled(agent.id, campaign.id, false, hours(0.1));
    await db.email.update({ where: { id: email.id }, data: { status: "COMPLETE", sentAt: hours(0.2) } });
    expect(
      (await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).lastSentEmailDatetime,
    ).toBeNull();

    await setCampaignEnabled(agent.id, campaign.id, true, hours(1));
    // Not "now" (a never-sent campaign's first cycle): the 25th after at least 14 days.
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).nextSendDate).toEqual(
      new Date("2026-12-25T17:00:00Z"),
    );
  });
});
