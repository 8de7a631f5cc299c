import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { getDashboardSummary } from "@/lib/agents/get-dashboard-summary";
import { describeCampaigns } from "@/lib/campaigns/describe-campaigns";
import { getDb } from "@/lib/db";
import { approveEmail } from "@/lib/emails/approve-email";
import { unsubscribeHomeowner } from "@/lib/emails/unsubscribe-homeowner";
import { unsubscribeToken } from "@/lib/emails/unsubscribe-link";
import type { Campaign, Prisma, User } from "@/lib/generated/prisma/client";
import { createTestAgent } from "@/test/factories/agent";
import { createTestCampaign } from "@/test/factories/campaign";

// The factory agent is in Chicago (CST, UTC−6 in December); its sending window is 11:00–18:00.
const cst = (local: string) => new Date(`${local}-06:00`);
/** Sat Dec 5, 12:51 AM: outside the window. */
const NOW = cst("2026-12-05T00:51:00");
const PIPELINE = { firstTimeDelayHours: 24, minDaysBetweenEmails: 14, prepareLeadHours: 48 };
const SECRET = "dashboard-test-link-signing-secret-0123456789";

let alice: User;
let bob: User;

beforeEach(async () => {
  alice = await createTestAgent(getDb());
  bob = await createTestAgent(getDb());
});

const summary = (agent: User) => getDashboardSummary(agent, NOW, PIPELINE);

/** A campaign that sent last on `lastSent` and is dormant until `next` (11:00 on its send day). */
function monthly(agent: User, name: string, lastSent: string, next: string, extra: Partial<Campaign> = {}) {
  return createTestCampaign(getDb(), agent.id, {
    clientFirstName: name,
    status: "DORMANT",
    cycle: 2,
    createdAt: cst("2026-10-01T09:00:00"),
    lastSentEmailDatetime: cst(lastSent),
    nextSendDate: cst(next),
    ...extra,
  } as Partial<Prisma.CampaignUncheckedCreateInput>);
}

async function emailOf(campaign: Campaign, data: Partial<Prisma.EmailUncheckedCreateInput>) {
  const id = randomUUID();
  return getDb().email.create({
    data: {
      id,
      campaignId: campaign.id,
      userId: campaign.userId,
      cycle: campaign.cycle,
      toEmail: campaign.clientEmail,
      toName: campaign.clientFirstName,
      subject: `Your home: ${campaign.clientFirstName}`,
      textBody: "…",
      htmlStorageKey: `emails/${campaign.userId}/${campaign.id}/${id}.html`,
      scheduledSendDatetime: cst("2026-12-05T11:00:00"),
      messageId: `<${id}@dashboard.test>`,
      ...data,
    },
  });
}

/** In a cycle whose email is written, READY. */
async function written(agent: User, name: string, email: Partial<Prisma.EmailUncheckedCreateInput>) {
  const campaign = await createTestCampaign(getDb(), agent.id, {
    clientFirstName: name,
    status: "READY_TO_CREATE_EMAIL",
    emailCreationStatus: "READY",
    cycle: 1,
    createdAt: cst("2026-12-03T09:00:00"),
    nextSendDate: cst("2026-12-03T09:00:00"),
    checkBeforeSending: email.approvalStatus === "PENDING",
  });
  return { campaign, email: await emailOf(campaign, email) };
}

describe("getDashboardSummary", () => {
  it("unsubscribed clients are counted as such only: not active, not coming up", async () => {
    await monthly(alice, "Ann", "2026-11-20T11:02:00", "2026-12-20T11:00:00");
    // The soonest of all: it would head "Coming up" if it still counted.
    const leaving = await monthly(alice, "Uma", "2026-11-05T11:02:00", "2026-12-05T12:00:00");
    await createTestCampaign(getDb(), alice.id, {
      clientFirstName: "Dan",
      enabled: false,
      nextSendDate: null,
    });

    const before = await summary(alice);
    expect(before.comingUp.map((c) => c.clientFirstName)).toEqual(["Uma", "Ann"]);
    expect(before).toMatchObject({ active: 2, disabled: 1, unsubscribed: 0 });

    const result = await unsubscribeHomeowner(
      { db: getDb(), secret: SECRET, now: NOW },
      await unsubscribeToken(leaving.id, SECRET),
      "page",
    );
    expect(result.state).toBe("unsubscribed");
    // Disabled too, it still counts only as unsubscribed.
    await getDb().campaign.update({ where: { id: leaving.id }, data: { enabled: false } });

    const after = await summary(alice);
    expect(after.comingUp.map((c) => c.clientFirstName)).toEqual(["Ann"]);
    expect(after).toMatchObject({ active: 1, inProgress: 0, disabled: 1, unsubscribed: 1 });
    const [described] = await describeCampaigns(alice, [{ ...leaving, unsubscribedAt: NOW }], NOW, PIPELINE);
    expect(described?.state).toMatchObject({
      kind: "unsubscribed",
      label: "Unsubscribed",
      nextEmailAt: null,
    });
  });

  it("coming up: today's ready email first, by when each actually goes out; approvals wait in Needs you", async () => {
    await monthly(alice, "Ann", "2026-11-20T11:02:00", "2026-12-20T11:00:00");
    await createTestCampaign(getDb(), alice.id, {
      clientFirstName: "Ben",
      createdAt: NOW,
      nextSendDate: NOW,
    });
    // Stored for 1:31 AM (outside the window): it goes at 11:00.
    await written(alice, "Cara", { scheduledSendDatetime: cst("2026-12-05T01:31:00") });
    const pending = await written(alice, "Dee", {
      approvalStatus: "PENDING",
      scheduledSendDatetime: cst("2026-12-07T11:00:00"),
    });

    const result = await summary(alice);
    expect(result.comingUp.map((c) => [c.clientFirstName, c.state.nextEmail])).toEqual([
      ["Cara", "Sat Dec 5, 11:00 AM"],
      ["Ben", "Sun Dec 6, 11:00 AM"],
      ["Ann", "Sun Dec 20, 11:00 AM"],
    ]);
    expect(result.comingUp[0]?.state.label).toBe("Ready — goes out Sat Dec 5, 11:00 AM");
    expect(result).toMatchObject({ active: 4, inProgress: 2 });
    expect(result.needsApproval).toEqual([
      expect.objectContaining({
        emailId: pending.email.id,
        subject: pending.email.subject,
        campaign: expect.objectContaining({ id: pending.campaign.id }),
        state: expect.objectContaining({ nextEmail: "Mon Dec 7, 11:00 AM, once you approve it" }),
      }),
    ]);

    // Approved (as the dashboard's button does): it leaves Needs you and is coming up.
    await approveEmail(alice.id, pending.email.id, NOW);
    const approved = await summary(alice);
    expect(approved.needsApproval).toEqual([]);
    expect(approved.comingUp.find((c) => c.clientFirstName === "Dee")?.state.label).toBe(
      "Ready — goes out Mon Dec 7, 11:00 AM",
    );
  });

  it("needs you: failed sends of the current cycle with the reason; older cycles and other states are not", async () => {
    const failedNow = await monthly(alice, "Eve", "2026-11-20T11:02:00", "2026-12-20T11:00:00");
    await emailOf(failedNow, { status: "FAILED", error: "The recipient's mailbox is inactive." });
    const failedLongAgo = await monthly(alice, "Fay", "2026-11-20T11:02:00", "2026-12-20T11:00:00", {
      cycle: 3,
    });
    await emailOf(failedLongAgo, { cycle: 1, status: "FAILED", error: "old" });
    const canceled = await written(alice, "Gus", { approvalStatus: "PENDING" });
    await getDb().email.update({ where: { id: canceled.email.id }, data: { status: "CANCELED" } });

    const result = await summary(alice);
    expect(result.failed).toEqual([
      expect.objectContaining({
        subject: "Your home: Eve",
        error: "The recipient's mailbox is inactive.",
        campaign: expect.objectContaining({ id: failedNow.id }),
      }),
    ]);
    expect(result.needsApproval).toEqual([]);
  });

  it("shows nothing of another agent", async () => {
    await monthly(bob, "Bob's", "2026-11-20T11:02:00", "2026-12-20T11:00:00");
    await written(bob, "Bob's pending", { approvalStatus: "PENDING" });
    const bobsFailed = await monthly(bob, "Bob's failed", "2026-11-20T11:02:00", "2026-12-20T11:00:00");
    await emailOf(bobsFailed, { status: "FAILED", error: "no" });
    const bobsGone = await monthly(bob, "Bob's gone", "2026-11-20T11:02:00", "2026-12-20T11:00:00");
    await getDb().campaign.update({ where: { id: bobsGone.id }, data: { unsubscribedAt: NOW } });

    expect(await summary(alice)).toMatchObject({
      active: 0,
      inProgress: 0,
      disabled: 0,
      unsubscribed: 0,
      needsApproval: [],
      failed: [],
      comingUp: [],
      recent: [],
    });
    // Handed another agent's campaign, the states read none of its emails.
    const bobsReady = await written(bob, "Bob's ready", {});
    const [seen] = await describeCampaigns(alice, [bobsReady.campaign], NOW, PIPELINE);
    expect(seen?.state.kind).toBe("writing");
  });
});
