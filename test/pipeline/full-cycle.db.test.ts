import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schedulingSettingsFor } from "@/lib/campaigns/scheduling-settings";
import type { CampaignHistory } from "@/lib/generated/prisma/client";
import { nextSendDateAfterSend } from "@/lib/scheduling/next-send-date-after-send";
import {
  PIPELINE,
  type PipelineHarness,
  sleep,
  startPipelineHarness,
} from "@/test/pipeline/pipeline-harness";

/**
 * Issue 3 acceptance: campaigns go through a whole cycle with two worker processes (every role in
 * each) competing for the same queues, poller ticks and outbox rows, and every campaign sends exactly
 * one email. Real processes, the fauxqs emulator, the file's own database.
 */

const CAMPAIGNS = 200;
const AGENTS = 8;

/** One cycle's timeline. RETRIED rows (stuck-campaign recovery) may come in between and are skipped. */
const CYCLE_TIMELINE = [
  "CREATED:-:DORMANT",
  "STATUS_CHANGED:DORMANT:WAITING_FOR_DATA",
  "STATUS_CHANGED:WAITING_FOR_DATA:WAITING_FOR_HOME_ANALYSIS",
  "STATUS_CHANGED:WAITING_FOR_HOME_ANALYSIS:READY_TO_CREATE_EMAIL",
  "EMAIL_CREATED:-:-",
  "STATUS_CHANGED:READY_TO_CREATE_EMAIL:READY_TO_SEND_EMAIL",
  "EMAIL_SENT:READY_TO_SEND_EMAIL:DORMANT",
];

const entry = (h: CampaignHistory) => `${h.event}:${h.fromStatus ?? "-"}:${h.toStatus ?? "-"}`;
/** The same with who wrote it and when, for failure messages. */
const detail = (h: CampaignHistory) => `${entry(h)} by ${h.actor} at ${h.at.toISOString()}`;

let harness: PipelineHarness;

beforeAll(async () => {
  // A stuck threshold (30 s) the healthy run stays under, so this file checks the plain path; the
  // recovery path is fault.db.test.ts's.
  harness = await startPipelineHarness({ name: "full-cycle", stuckAfterMinutes: 0.5 });
  await harness.startEmulator();
  harness.startWorker();
  harness.startWorker();
}, 180_000);

afterAll(async () => {
  await harness?.close();
}, 30_000);

describe(`${CAMPAIGNS} campaigns through a full cycle with two workers`, () => {
  let ids: string[] = [];

  beforeAll(async () => {
    const agents = await harness.seedAgents(AGENTS);
    ids = (await harness.seedDueCampaigns(agents, CAMPAIGNS)).map((c) => c.id);
    const startedAt = Date.now();
    await harness.waitForCycleCompleted(ids, 75_000);
    console.log(
      `[full-cycle] ${CAMPAIGNS} campaigns completed cycle 1 in ${(Date.now() - startedAt) / 1000} s`,
    );
    // Anything still in flight (a duplicate message, the other poller) gets the chance to misbehave.
    await sleep(1_500);
  }, 90_000);

  it("sends exactly one homeowner email per campaign, and every email is COMPLETE", async () => {
    const { db } = harness;
    const emails = await db.email.findMany({ where: { campaignId: { in: ids } } });
    expect(emails).toHaveLength(CAMPAIGNS);
    expect(new Set(emails.map((e) => e.campaignId)).size).toBe(CAMPAIGNS);
    expect(emails.filter((e) => e.status !== "COMPLETE" || e.cycle !== 1)).toEqual([]);
    expect(emails.every((e) => e.approvalStatus === "NOT_REQUIRED" && e.provider === "LOCAL_OUTBOX")).toBe(
      true,
    );

    const sent = await db.localOutboxMessage.findMany({ where: { kind: "homeowner" } });
    expect(sent).toHaveLength(CAMPAIGNS);
    const perEmail = countBy(sent, (m) => m.emailId ?? "(none)");
    expect([...perEmail].filter(([, n]) => n !== 1)).toEqual([]);
    const emailById = new Map(emails.map((e) => [e.id, e]));
    const campaignsSent = sent.map((m) => emailById.get(m.emailId ?? "")?.campaignId);
    expect(new Set(campaignsSent).size).toBe(CAMPAIGNS);
    expect(sent.filter((m) => emailById.get(m.emailId ?? "")?.messageId !== m.messageId)).toEqual([]);
    expect(sent.filter((m) => m.toAddress !== addressOf(emailById.get(m.emailId ?? "")))).toEqual([]);
  });

  it("returns every campaign to DORMANT with the next send date of the scheduling rules", async () => {
    const { db } = harness;
    const campaigns = await db.campaign.findMany({
      where: { id: { in: ids } },
      include: { user: true, emails: true },
    });
    const wrong = campaigns.flatMap((c) => {
      const sentAt = c.lastSentEmailDatetime;
      if (c.status !== "DORMANT" || c.cycle !== 1 || !sentAt)
        return [`${c.id}: ${c.status}, cycle ${c.cycle}`];
      const expected = nextSendDateAfterSend(sentAt, c.fixedSendDay, schedulingSettingsFor(c.user, PIPELINE));
      if (c.nextSendDate?.getTime() !== expected.getTime()) {
        return [`${c.id}: nextSendDate ${c.nextSendDate?.toISOString()}, expected ${expected.toISOString()}`];
      }
      if (c.emails[0]?.sentAt?.getTime() !== sentAt.getTime()) return [`${c.id}: email sentAt ≠ lastSent`];
      return c.emailCreationStatus === "NOT_STARTED" ? [] : [`${c.id}: ${c.emailCreationStatus}`];
    });
    expect(wrong).toEqual([]);
    // Sanity: the rules put the next email at least MIN_DAYS_BETWEEN_EMAILS (14) days out.
    const soonest = Math.min(...campaigns.map((c) => c.nextSendDate?.getTime() ?? 0));
    expect(soonest).toBeGreaterThan(Date.now() + 13 * 86_400_000);
  });

  it("records every transition of the cycle exactly once", async () => {
    const history = await harness.db.campaignHistory.findMany({ where: { campaignId: { in: ids } } });
    const byCampaign = groupBy(history, (h) => h.campaignId);
    const expected = [...CYCLE_TIMELINE].sort().join(" | ");
    const wrong = ids.flatMap((id) => {
      const rows = (byCampaign.get(id) ?? []).filter((h) => h.event !== "RETRIED");
      return rows.map(entry).sort().join(" | ") === expected ? [] : [{ id, rows: rows.map(detail) }];
    });
    expect(wrong.slice(0, 3)).toEqual([]);
    expect(wrong).toHaveLength(0);
  });

  it("shows the transitions in order on the timeline (history ordered by `at`, as the UI does)", async () => {
    const history = await harness.db.campaignHistory.findMany({
      where: { campaignId: { in: ids } },
      orderBy: [{ at: "asc" }, { id: "asc" }],
    });
    const byCampaign = groupBy(history, (h) => h.campaignId);
    const wrong = ids.flatMap((id) => {
      const rows = (byCampaign.get(id) ?? []).filter((h) => h.event !== "RETRIED");
      return rows.map(entry).join(" > ") === CYCLE_TIMELINE.join(" > ")
        ? []
        : [{ id, timeline: rows.map(detail) }];
    });
    // A few examples in full, then the count.
    expect(wrong.slice(0, 2)).toEqual([]);
    expect(wrong).toHaveLength(0);
  });
});

describe("a campaign that checks before sending", () => {
  it("waits at READY_TO_CREATE_EMAIL with a PENDING email, then sends once after approval", async () => {
    const { db } = harness;
    const [agent] = await harness.seedAgents(1);
    if (!agent) throw new Error("no agent seeded");
    const [campaign] = await harness.seedDueCampaigns([agent], 1, { checkBeforeSending: true });
    if (!campaign) throw new Error("no campaign seeded");
    const ids = [campaign.id];

    const email = await harness.waitUntil(
      "the email to be created and wait for approval",
      async () => {
        const c = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
        if (c.status !== "READY_TO_CREATE_EMAIL" || c.emailCreationStatus !== "READY") return undefined;
        return db.email.findUnique({ where: { campaignId_cycle: { campaignId: campaign.id, cycle: 1 } } });
      },
      { timeoutMs: 30_000, campaignIds: ids },
    );
    expect(email).toMatchObject({ status: "READY", approvalStatus: "PENDING" });

    // Many poller ticks (200 ms) pass: nothing may move and nothing may be sent.
    await sleep(3_000);
    expect(await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({
      status: "READY_TO_CREATE_EMAIL",
      cycle: 1,
      lastSentEmailDatetime: null,
    });
    expect(await db.email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "READY",
      approvalStatus: "PENDING",
    });
    // Only the approval request to the agent went out, nothing to the homeowner.
    const waiting = await db.localOutboxMessage.findMany({ where: { emailId: email.id } });
    expect(waiting.map((m) => m.kind)).toEqual(["approval-request"]);

    // What lib/emails/approve-email.ts writes (it needs Next's server-only context, so not called here).
    const approvedAt = new Date();
    const actor = `AGENT:${campaign.userId}`;
    await db.$transaction([
      db.email.updateMany({
        where: { id: email.id, approvalStatus: "PENDING", status: "READY" },
        data: { approvalStatus: "APPROVED", approvedAt, approvedBy: actor },
      }),
      db.campaignHistory.create({
        data: { campaignId: campaign.id, cycle: 1, event: "APPROVED", actor, at: approvedAt },
      }),
    ]);

    await harness.waitForCycleCompleted(ids, 20_000);
    await sleep(1_000);
    const messages = await db.localOutboxMessage.findMany({
      where: { emailId: email.id, kind: { not: "approval-request" } },
    });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ kind: "homeowner", messageId: email.messageId });
    const sent = await db.email.findUniqueOrThrow({ where: { id: email.id } });
    expect(sent).toMatchObject({ status: "COMPLETE", approvalStatus: "APPROVED" });
    expect(sent.sentAt?.getTime()).toBeGreaterThanOrEqual(approvedAt.getTime());
    const events = (await db.campaignHistory.findMany({ where: { campaignId: campaign.id } }))
      .filter((h) => h.event !== "RETRIED" && h.event !== "CREATED")
      .map(entry)
      .sort();
    expect(events).toEqual([...CYCLE_TIMELINE.slice(1), "APPROVED:-:-"].sort());
  }, 60_000);
});

function addressOf(email: { toName: string; toEmail: string } | undefined): string | undefined {
  return email && `${email.toName} <${email.toEmail}>`;
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
