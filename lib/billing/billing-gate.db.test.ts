import { beforeEach, describe, expect, it } from "vitest";
import { billingGate } from "@/lib/billing/billing-gate";
import { pauseUnpaidCycles } from "@/lib/campaigns/poller/pause-unpaid-cycles";
import type { PollContext } from "@/lib/campaigns/poller/poll-context";
import { startDueCycles } from "@/lib/campaigns/poller/start-due-cycles";
import { getDb } from "@/lib/db";
import { getConfig } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { createTestAgent } from "@/test/factories/agent";
import { createTestCampaign } from "@/test/factories/campaign";

// The billing gate of the poller (issue 16): which agents' campaigns start cycles, the TypeScript
// rule the pages show agreeing with the SQL the poller runs, and what happens to send dates that
// pass unpaid. Every instant is explicit.
const NOW = new Date("2031-03-10T15:00:00Z");
const DAY = 86_400_000;
const BILLING = { pastDueGraceDays: 7 };

function ctx(now: Date, ...billingOrOff: [PollContext["billing"]] | []): PollContext {
  const billing = billingOrOff.length === 0 ? BILLING : billingOrOff[0];
  return {
    db: getDb(),
    now,
    clock: () => now,
    pipeline: { ...getConfig().pipeline, prepareLeadHours: 48, minDaysBetweenEmails: 14 },
    billing,
    batchSize: 500,
    log: logger,
  };
}

const campaignOf = (id: string) =>
  getDb().campaign.findUniqueOrThrow({
    where: { id },
    select: { status: true, nextSendDate: true, cycle: true },
  });

describe("which agents start cycles", () => {
  const cases: [string, Partial<Prisma.UserCreateInput>, PollContext["billing"], boolean][] = [
    ["no subscription", { subscriptionStatus: "NONE" }, BILLING, false],
    ["active", { subscriptionStatus: "ACTIVE" }, BILLING, true],
    ["trialing", { subscriptionStatus: "TRIALING" }, BILLING, true],
    [
      "past due 3 days (grace 7)",
      { subscriptionStatus: "PAST_DUE", subscriptionPastDueSince: new Date(NOW.getTime() - 3 * DAY) },
      BILLING,
      true,
    ],
    [
      "past due 7 days exactly",
      { subscriptionStatus: "PAST_DUE", subscriptionPastDueSince: new Date(NOW.getTime() - 7 * DAY) },
      BILLING,
      false,
    ],
    [
      "past due 8 days",
      { subscriptionStatus: "PAST_DUE", subscriptionPastDueSince: new Date(NOW.getTime() - 8 * DAY) },
      BILLING,
      false,
    ],
    [
      "past due, since unknown",
      { subscriptionStatus: "PAST_DUE", subscriptionPastDueSince: null },
      BILLING,
      false,
    ],
    ["unpaid", { subscriptionStatus: "UNPAID" }, BILLING, false],
    ["canceled", { subscriptionStatus: "CANCELED" }, BILLING, false],
    ["incomplete", { subscriptionStatus: "INCOMPLETE" }, BILLING, false],
    ["paused", { subscriptionStatus: "PAUSED" }, BILLING, false],
    [
      "managed, no subscription",
      { subscriptionStatus: "NONE", managedClientId: "acme-realty" },
      BILLING,
      true,
    ],
    ["billing off, no subscription", { subscriptionStatus: "NONE" }, undefined, true],
  ];

  it.each(cases)("%s", async (_name, agentData, billing, starts) => {
    const agent = await createTestAgent(getDb(), agentData);
    const campaign = await createTestCampaign(getDb(), agent.id, { nextSendDate: NOW });
    await startDueCycles(ctx(NOW, billing));
    expect((await campaignOf(campaign.id)).status).toBe(starts ? "WAITING_FOR_DATA" : "DORMANT");
    // The rule the pages show says the same, and says why.
    const gate = billingGate(agent, billing, NOW);
    expect(gate.gated).toBe(!starts);
    if (gate.gated) expect(gate.reason).toMatch(/no (new )?emails are being prepared/);
  });
});

describe("send dates that pass unpaid", () => {
  // Chicago (the factory agent's zone) is on daylight time from 2031-03-09: 11:00 local = 16:00 UTC.
  const LAST_SENT = new Date("2031-02-15T17:00:00Z");
  const MARCH_15 = new Date("2031-03-15T16:00:00Z");
  const APRIL_15 = new Date("2031-04-15T16:00:00Z");
  let agentId: string;

  beforeEach(async () => {
    agentId = (await createTestAgent(getDb(), { subscriptionStatus: "CANCELED" })).id;
  });

  async function tick(now: Date) {
    const paused = await pauseUnpaidCycles(ctx(now));
    const started = await startDueCycles(ctx(now));
    return { paused, started };
  }

  it("move to the next send date with a timeline entry; paying later sends nothing late", async () => {
    const campaign = await createTestCampaign(getDb(), agentId, {
      fixedSendDay: 15,
      lastSentEmailDatetime: LAST_SENT,
      nextSendDate: MARCH_15,
    });
    // Within the lead: the cycle would start, but the agent is unpaid, and the date is still ahead.
    expect(await tick(new Date("2031-03-13T17:00:00Z"))).toEqual({ paused: 0, started: 0 });
    expect(await campaignOf(campaign.id)).toMatchObject({ status: "DORMANT", nextSendDate: MARCH_15 });

    // The send date passes unpaid: given up, the campaign waits for April's.
    const passed = new Date("2031-03-16T12:00:00Z");
    expect(await tick(passed)).toEqual({ paused: 1, started: 0 });
    expect(await campaignOf(campaign.id)).toMatchObject({
      status: "DORMANT",
      nextSendDate: APRIL_15,
      cycle: 0,
    });
    const [entry] = await getDb().campaignHistory.findMany({
      where: { campaignId: campaign.id, event: "PAUSED_FOR_BILLING" },
    });
    expect(entry).toMatchObject({ actor: "POLLER", at: passed });
    expect(entry?.reason).toMatch(
      /^The email for .*Mar 15.* was not prepared\. Your subscription has ended.*Next send date: .*Apr 15/,
    );
    expect(await tick(new Date("2031-03-16T13:00:00Z"))).toEqual({ paused: 0, started: 0 });

    // Paid again: nothing starts for the missed date, April's cycle starts on time.
    await getDb().user.update({ where: { id: agentId }, data: { subscriptionStatus: "ACTIVE" } });
    expect(await tick(new Date("2031-03-16T14:00:00Z"))).toEqual({ paused: 0, started: 0 });
    expect(await tick(new Date("2031-04-13T15:59:59Z"))).toEqual({ paused: 0, started: 0 });
    expect(await tick(new Date("2031-04-13T16:00:00Z"))).toEqual({ paused: 0, started: 1 });
    expect(await campaignOf(campaign.id)).toMatchObject({
      status: "WAITING_FOR_DATA",
      nextSendDate: APRIL_15,
    });
  });

  it("paying before the send date passes still sends that email; a first email waits for payment", async () => {
    const due = await createTestCampaign(getDb(), agentId, {
      fixedSendDay: 15,
      lastSentEmailDatetime: LAST_SENT,
      nextSendDate: MARCH_15,
    });
    const neverSent = await createTestCampaign(getDb(), agentId, {
      nextSendDate: new Date("2031-03-01T15:00:00Z"),
    });
    expect(await tick(new Date("2031-03-14T12:00:00Z"))).toEqual({ paused: 0, started: 0 });
    expect((await campaignOf(neverSent.id)).nextSendDate).toEqual(new Date("2031-03-01T15:00:00Z"));

    await getDb().user.update({
      where: { id: agentId },
      data: { subscriptionStatus: "PAST_DUE", subscriptionPastDueSince: new Date("2031-03-13T00:00:00Z") },
    });
    expect(await tick(new Date("2031-03-14T12:05:00Z"))).toEqual({ paused: 0, started: 2 });
    expect(await campaignOf(due.id)).toMatchObject({ status: "WAITING_FOR_DATA", nextSendDate: MARCH_15 });
  });

  it("billing off or a managed agent: nothing is paused", async () => {
    const managed = await createTestAgent(getDb(), {
      subscriptionStatus: "NONE",
      managedClientId: "acme-realty",
    });
    const overdue = { fixedSendDay: 15, lastSentEmailDatetime: LAST_SENT, nextSendDate: MARCH_15 };
    const ofManaged = await createTestCampaign(getDb(), managed.id, overdue);
    const ofCanceled = await createTestCampaign(getDb(), agentId, overdue);
    const later = new Date("2031-03-16T12:00:00Z");
    expect(await pauseUnpaidCycles(ctx(later, undefined))).toBe(0);
    expect(await pauseUnpaidCycles(ctx(later))).toBe(1);
    expect((await campaignOf(ofManaged.id)).nextSendDate).toEqual(MARCH_15);
    expect((await campaignOf(ofCanceled.id)).nextSendDate).toEqual(APRIL_15);
  });
});
