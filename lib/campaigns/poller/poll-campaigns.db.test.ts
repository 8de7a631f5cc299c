import { beforeEach, describe, expect, it } from "vitest";
import { holdNudgesUntil } from "@/lib/campaigns/poller/hold-nudges";
import { pollCampaigns } from "@/lib/campaigns/poller/poll-campaigns";
import type { PollContext } from "@/lib/campaigns/poller/poll-context";
import {
  IllegalTransitionError,
  transitionCampaign,
  transitionCampaigns,
} from "@/lib/campaigns/transition-campaign";
import { getDb } from "@/lib/db";
import { getConfig } from "@/lib/env";
import type { User } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { createTestAgent } from "@/test/factories/agent";
import { createTestCampaign } from "@/test/factories/campaign";

// 2026-11-30 17:00 UTC is 11:00 in Chicago (the factory agent's zone): inside the sending window.
const NOW = new Date("2026-11-30T17:00:00Z");

function ctx(now = NOW, overrides: Partial<PollContext["pipeline"]> = {}): PollContext {
  return {
    db: getDb(),
    now,
    clock: () => now,
    pipeline: { ...getConfig().pipeline, ...overrides },
    billing: undefined,
    batchSize: 500,
    log: logger,
  };
}

let agent: User;
beforeEach(async () => {
  agent = await createTestAgent(getDb());
});

async function statusOf(id: string) {
  return getDb().campaign.findUniqueOrThrow({ where: { id }, select: { status: true, cycle: true } });
}

describe("transitionCampaign", () => {
  it("applies once: a second attempt from the same state changes nothing", async () => {
    const campaign = await createTestCampaign(getDb(), agent.id, { nextSendDate: NOW });
    const request = {
      campaignId: campaign.id,
      userId: agent.id,
      from: "DORMANT" as const,
      to: "WAITING_FOR_DATA" as const,
      cycle: 0,
      actor: "TEST",
      now: NOW,
    };
    expect(await getDb().$transaction((tx) => transitionCampaign(tx, request))).toBe(1);
    expect(await getDb().$transaction((tx) => transitionCampaign(tx, request))).toBeNull();
    expect(await statusOf(campaign.id)).toEqual({ status: "WAITING_FOR_DATA", cycle: 1 });
    expect(await getDb().campaignArtifact.count({ where: { campaignId: campaign.id, cycle: 1 } })).toBe(5);
    const events = await getDb().outboxEvent.findMany();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      topic: "campaign-events",
      dedupeKey: `campaign:${campaign.id}:cycle:1:WAITING_FOR_DATA`,
      payload: expect.objectContaining({ toStatus: "WAITING_FOR_DATA", cycle: 1, userId: agent.id }),
    });
  });

  it("refuses illegal transitions", async () => {
    const campaign = await createTestCampaign(getDb(), agent.id);
    await expect(
      getDb().$transaction((tx) =>
        transitionCampaign(tx, {
          campaignId: campaign.id,
          userId: agent.id,
          from: "DORMANT",
          to: "READY_TO_SEND_EMAIL",
          cycle: 0,
          actor: "TEST",
          now: NOW,
        }),
      ),
    ).rejects.toThrow(IllegalTransitionError);
    expect(await statusOf(campaign.id)).toEqual({ status: "DORMANT", cycle: 0 });
  });
  it("moves many at once: each a compare-and-set, stale and repeated ones skipped", async () => {
    const db = getDb();
    // Not due, so later tests' poller ticks leave them alone.
    const later = new Date("2027-01-10T17:00:00Z");
    const make = () => createTestCampaign(db, agent.id, { nextSendDate: later });
    const [a, b, stale, withData] = [await make(), await make(), await make(), await make()];
    const ids = [a.id, b.id, stale.id, withData.id];
    const base = { userId: agent.id, actor: "TEST", now: NOW, from: "DORMANT" as const, cycle: 0 };
    const results = await db.$transaction((tx) =>
      transitionCampaigns(tx, [
        { ...base, campaignId: a.id, to: "WAITING_FOR_DATA" },
        { ...base, campaignId: b.id, to: "WAITING_FOR_DATA" },
        { ...base, campaignId: stale.id, to: "WAITING_FOR_DATA", cycle: 7 },
        { ...base, campaignId: a.id, to: "WAITING_FOR_DATA" },
        { ...base, campaignId: withData.id, to: "WAITING_FOR_DATA", data: { nextSendDate: NOW } },
      ]),
    );
    expect(results).toEqual([1, 1, null, null, 1]);
    expect(await statusOf(a.id)).toEqual({ status: "WAITING_FOR_DATA", cycle: 1 });
    expect(await statusOf(stale.id)).toEqual({ status: "DORMANT", cycle: 0 });
    const moved = await db.campaign.findUniqueOrThrow({ where: { id: withData.id } });
    expect(moved).toMatchObject({ status: "WAITING_FOR_DATA", cycle: 1, nextSendDate: NOW });
    expect(moved.statusChangedAt).toEqual(NOW);
    const mine = { campaignId: { in: ids } };
    expect(await db.campaignHistory.count({ where: { ...mine, toStatus: "WAITING_FOR_DATA" } })).toBe(3);
    expect(await db.campaignArtifact.count({ where: { ...mine, cycle: 1 } })).toBe(15);
    expect(await db.campaignArtifact.count({ where: { campaignId: stale.id } })).toBe(0);
    const events = await db.outboxEvent.findMany({ where: { dedupeKey: { contains: "WAITING_FOR_DATA" } } });
    expect(events.filter((e) => ids.some((id) => e.dedupeKey.includes(id)))).toHaveLength(3);
  });

  it("refuses a batch with an illegal transition before changing anything", async () => {
    const ok = await createTestCampaign(getDb(), agent.id);
    const bad = await createTestCampaign(getDb(), agent.id);
    const base = { userId: agent.id, actor: "TEST", now: NOW, from: "DORMANT" as const, cycle: 0 };
    await expect(
      getDb().$transaction((tx) =>
        transitionCampaigns(tx, [
          { ...base, campaignId: ok.id, to: "WAITING_FOR_DATA" },
          { ...base, campaignId: bad.id, to: "READY_TO_SEND_EMAIL" },
        ]),
      ),
    ).rejects.toThrow(IllegalTransitionError);
    expect(await statusOf(ok.id)).toEqual({ status: "DORMANT", cycle: 0 });
  });
});

describe("pollCampaigns", () => {
  it("starts due cycles only: not future, disabled or unsubscribed campaigns", async () => {
    const db = getDb();
    const due = await createTestCampaign(db, agent.id, { nextSendDate: new Date(NOW.getTime() - 1000) });
    const inLead = await createTestCampaign(db, agent.id, {
      nextSendDate: new Date(NOW.getTime() + 47 * 3_600_000),
    });
    const future = await createTestCampaign(db, agent.id, {
      nextSendDate: new Date(NOW.getTime() + 49 * 3_600_000),
    });
    const disabled = await createTestCampaign(db, agent.id, { nextSendDate: NOW, enabled: false });
    const unsubscribed = await createTestCampaign(db, agent.id, { nextSendDate: NOW, unsubscribedAt: NOW });
    const result = await pollCampaigns(ctx());
    expect(result.started).toBe(2);
    expect((await statusOf(due.id)).status).toBe("WAITING_FOR_DATA");
    expect((await statusOf(inLead.id)).status).toBe("WAITING_FOR_DATA");
    for (const c of [future, disabled, unsubscribed]) expect((await statusOf(c.id)).status).toBe("DORMANT");
  });

  it("two pollers at once never start a cycle twice", async () => {
    const db = getDb();
    const campaigns = await Promise.all(
      Array.from({ length: 40 }, () => createTestCampaign(db, agent.id, { nextSendDate: NOW })),
    );
    const [a, b] = await Promise.all([pollCampaigns(ctx()), pollCampaigns(ctx())]);
    expect(a.started + b.started).toBe(40);
    const ids = campaigns.map((c) => c.id);
    expect(
      await db.campaign.count({ where: { id: { in: ids }, status: "WAITING_FOR_DATA", cycle: 1 } }),
    ).toBe(40);
    const started = await db.campaignHistory.count({
      where: { campaignId: { in: ids }, toStatus: "WAITING_FOR_DATA" },
    });
    expect(started).toBe(40);
    const events = await db.outboxEvent.findMany({ where: { type: "CAMPAIGN_STATUS_CHANGED" } });
    expect(events.filter((e) => ids.some((id) => e.dedupeKey.includes(id)))).toHaveLength(40);
  });

  it("advances when data is gathered, fails the cycle when required data failed", async () => {
    const db = getDb();
    const ok = await createTestCampaign(db, agent.id, { nextSendDate: NOW });
    const broken = await createTestCampaign(db, agent.id, { nextSendDate: NOW });
    await pollCampaigns(ctx());
    await db.campaignArtifact.updateMany({ where: { campaignId: ok.id }, data: { status: "READY" } });
    // Optional data failing is fine; required (valuation) failing fails the cycle.
    await db.campaignArtifact.updateMany({
      where: { campaignId: ok.id, kind: "ACTIVE_LISTINGS" },
      data: { status: "FAILED", error: "upstream 500" },
    });
    await db.campaignArtifact.updateMany({ where: { campaignId: broken.id }, data: { status: "READY" } });
    await db.campaignArtifact.updateMany({
      where: { campaignId: broken.id, kind: "PROPERTY_VALUATION" },
      data: { status: "FAILED", error: "no such address" },
    });
    const result = await pollCampaigns(ctx());
    expect(result).toMatchObject({ dataGathered: 1, cyclesFailed: 1 });
    expect((await statusOf(ok.id)).status).toBe("WAITING_FOR_HOME_ANALYSIS");
    const failed = await db.campaign.findUniqueOrThrow({ where: { id: broken.id } });
    expect(failed.status).toBe("DORMANT");
    const history = await db.campaignHistory.findFirstOrThrow({
      where: { campaignId: broken.id, event: "CYCLE_FAILED" },
    });
    expect(history.reason).toContain("PROPERTY_VALUATION: no such address); retrying in 24 hours");

    // Retried in 24 hours as it says, not on the next tick: its send date is past the lead.
    const lead = getConfig().pipeline.prepareLeadHours;
    expect(failed.nextSendDate).toEqual(new Date(NOW.getTime() + (24 + lead) * 3_600_000));
    await pollCampaigns(ctx(new Date(NOW.getTime() + 60_000)));
    await pollCampaigns(ctx(new Date(NOW.getTime() + 23 * 3_600_000)));
    expect(await statusOf(broken.id)).toEqual({ status: "DORMANT", cycle: 1 });
    await pollCampaigns(ctx(new Date(NOW.getTime() + 24 * 3_600_000)));
    expect(await statusOf(broken.id)).toEqual({ status: "WAITING_FOR_DATA", cycle: 2 });
    const starts = await db.campaignHistory.count({
      where: { campaignId: broken.id, event: "STATUS_CHANGED", toStatus: "WAITING_FOR_DATA" },
    });
    expect(starts).toBe(2);
  });

  /** A campaign of the agent in `status` (cycle 1, created weeks ago) with its cycle's email READY. */
  async function campaignWithEmail(
    status: "READY_TO_CREATE_EMAIL" | "READY_TO_SEND_EMAIL",
    email: { scheduledSendDatetime: Date; approvalStatus?: "PENDING" | "NOT_REQUIRED" },
  ) {
    const db = getDb();
    const campaign = await createTestCampaign(db, agent.id, {
      status,
      cycle: 1,
      emailCreationStatus: "READY",
      createdAt: new Date("2026-11-01T00:00:00Z"),
    });
    const row = await db.email.create({
      data: {
        campaignId: campaign.id,
        userId: agent.id,
        cycle: 1,
        toEmail: campaign.clientEmail,
        toName: "Client",
        subject: "Your home",
        textBody: "…",
        htmlStorageKey: `emails/${campaign.id}.html`,
        messageId: `<${campaign.id}@test>`,
        ...email,
      },
    });
    return { campaign, email: row };
  }

  it("promotes an email only when approved, due, past the first-time delay and inside the window", async () => {
    const { campaign, email } = await campaignWithEmail("READY_TO_CREATE_EMAIL", {
      scheduledSendDatetime: new Date("2026-11-30T17:00:00Z"),
      approvalStatus: "PENDING",
    });
    expect((await pollCampaigns(ctx())).promoted).toBe(0); // not approved
    await getDb().email.update({ where: { id: email.id }, data: { approvalStatus: "APPROVED" } });
    // 10:59:59 in Chicago: outside the window.
    expect((await pollCampaigns(ctx(new Date("2026-11-30T16:59:59Z")))).promoted).toBe(0);
    // 18:00 in Chicago: the window has closed.
    expect((await pollCampaigns(ctx(new Date("2026-12-01T00:00:00Z")))).promoted).toBe(0);
    expect((await pollCampaigns(ctx())).promoted).toBe(1);
    expect((await statusOf(campaign.id)).status).toBe("READY_TO_SEND_EMAIL");
  });

  it("promotes a new email even behind a backlog of promoted ones the sender has not claimed yet", async () => {
    const minutesAgo = (minutes: number) => ({
      scheduledSendDatetime: new Date(NOW.getTime() - minutes * 60_000),
    });
    // Three promoted emails still READY (queued for the sender), all due earlier than the new one:
    // with a batch of 1 the inner LIMIT (2) holds only promoted ones unless they are skipped.
    for (const minutes of [30, 20, 10]) await campaignWithEmail("READY_TO_SEND_EMAIL", minutesAgo(minutes));
    const fresh = await campaignWithEmail("READY_TO_CREATE_EMAIL", minutesAgo(5));
    expect((await pollCampaigns({ ...ctx(), batchSize: 1 })).promoted).toBe(1);
    expect((await statusOf(fresh.campaign.id)).status).toBe("READY_TO_SEND_EMAIL");
  });

  it("returns a disabled campaign caught mid-cycle to DORMANT and cancels its email", async () => {
    const db = getDb();
    const campaign = await createTestCampaign(db, agent.id, {
      status: "READY_TO_CREATE_EMAIL",
      cycle: 2,
      emailCreationStatus: "READY",
      enabled: false,
    });
    const email = await db.email.create({
      data: {
        campaignId: campaign.id,
        userId: agent.id,
        cycle: 2,
        toEmail: campaign.clientEmail,
        toName: "Client",
        subject: "Your home",
        textBody: "…",
        htmlStorageKey: "emails/y.html",
        scheduledSendDatetime: NOW,
        messageId: `<${campaign.id}-2@test>`,
      },
    });
    expect((await pollCampaigns(ctx())).abandoned).toBe(1);
    expect(await statusOf(campaign.id)).toEqual({ status: "DORMANT", cycle: 2 });
    expect(await db.email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "CANCELED",
      error: "Campaign disabled",
    });
  });

  it("re-publishes a stuck campaign's event once per threshold, not every tick", async () => {
    const db = getDb();
    const stuckSince = new Date(NOW.getTime() - 60 * 60_000);
    const campaign = await createTestCampaign(db, agent.id, {
      status: "WAITING_FOR_DATA",
      cycle: 1,
      statusChangedAt: stuckSince,
    });
    const waiting = await createTestCampaign(db, agent.id, {
      status: "READY_TO_CREATE_EMAIL",
      cycle: 1,
      emailCreationStatus: "READY",
      statusChangedAt: stuckSince,
    });
    const later = new Date(NOW.getTime() + getConfig().pipeline.stuckAfterMs + 1000);
    for (const now of [NOW, new Date(NOW.getTime() + 60_000), later]) await pollCampaigns(ctx(now));
    const events = await db.outboxEvent.findMany({
      where: { dedupeKey: { startsWith: `campaign:${campaign.id}` } },
      orderBy: { id: "asc" },
    });
    expect(events.map((e) => e.dedupeKey)).toEqual([
      `campaign:${campaign.id}:cycle:1:WAITING_FOR_DATA:retry:${NOW.getTime()}`,
      `campaign:${campaign.id}:cycle:1:WAITING_FOR_DATA:retry:${later.getTime()}`,
    ]);
    expect(await db.campaignHistory.count({ where: { campaignId: waiting.id } })).toBe(0);
  });

  it("does not re-publish while a consumer keeps the message for later, and does once it is overdue", async () => {
    const db = getDb();
    const stuckSince = new Date(NOW.getTime() - 60 * 60_000);
    const campaign = await createTestCampaign(db, agent.id, {
      status: "READY_TO_SEND_EMAIL",
      cycle: 1,
      statusChangedAt: stuckSince,
    });
    const returnsAt = new Date(NOW.getTime() + 5 * 3_600_000);
    await holdNudgesUntil(
      db,
      { campaignId: campaign.id, cycle: 1, status: "READY_TO_SEND_EMAIL" },
      returnsAt,
    );
    const threshold = getConfig().pipeline.stuckAfterMs;
    const nudgesAt = async (now: Date) => {
      await pollCampaigns(ctx(now));
      return db.outboxEvent.count({ where: { dedupeKey: { startsWith: `campaign:${campaign.id}` } } });
    };
    expect(await nudgesAt(NOW)).toBe(0);
    expect(await nudgesAt(new Date(returnsAt.getTime() + threshold - 1000))).toBe(0);
    // The message should have come back and been handled by then: it was lost, so the event goes again.
    expect(await nudgesAt(new Date(returnsAt.getTime() + threshold + 1000))).toBe(1);
  });
});
