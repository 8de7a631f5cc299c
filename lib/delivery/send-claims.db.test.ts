import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import {
  claimEmailForSending,
  loadCycleEmail,
  recheckBeforeSending,
  recordEmailSent,
} from "@/lib/delivery/send-claims";
import type { Email, EmailStatus } from "@/lib/generated/prisma/client";
import { createTestAgent } from "@/test/factories/agent";
import { createTestCampaign } from "@/test/factories/campaign";

const NOW = new Date("2026-11-30T17:00:00Z");
const LEASE_END = new Date(NOW.getTime() + 120_000);

async function createEmail(status: EmailStatus = "READY", claimedBy: string | null = null): Promise<Email> {
  const db = getDb();
  const agent = await createTestAgent(db);
  const campaign = await createTestCampaign(db, agent.id, { status: "READY_TO_SEND_EMAIL", cycle: 1 });
  const id = randomUUID();
  return db.email.create({
    data: {
      id,
      campaignId: campaign.id,
      userId: agent.id,
      cycle: 1,
      status,
      claimedBy,
      toEmail: campaign.clientEmail,
      toName: campaign.clientFirstName,
      subject: "Your home this month",
      textBody: "Hi",
      htmlStorageKey: `emails/${id}.html`,
      scheduledSendDatetime: NOW,
      messageId: `<${id}@app.dripr.test>`,
    },
  });
}

const claim = (email: Email, workerId: string, held = false) =>
  claimEmailForSending(getDb(), {
    emailId: email.id,
    workerId,
    held,
    leaseEnd: LEASE_END,
    provider: "POSTMARK",
    fallbackReason: "no Gmail connected",
  });

describe("batched send claims", () => {
  let email: Email;
  beforeEach(async () => {
    email = await createEmail();
  });

  it("claims a READY email once, even when it is named twice in one batch", async () => {
    const other = await createEmail();
    const results = await Promise.all([claim(email, "w:1"), claim(email, "w:2"), claim(other, "w:1")]);
    expect(results).toEqual([true, false, true]);
    const row = await getDb().email.findUniqueOrThrow({ where: { id: email.id } });
    expect(row).toMatchObject({
      status: "SENDING",
      claimedBy: "w:1",
      claimExpiresAt: LEASE_END,
      provider: "POSTMARK",
      fallbackReason: "no Gmail connected",
      sendAttempts: 1,
    });
    expect(await claim(email, "w:3")).toBe(false);
  });

  it("a held claim needs the email SENDING by the same worker", async () => {
    const held = await createEmail("SENDING", "w:1");
    expect(await claim(held, "w:2", true)).toBe(false);
    expect(await claim(held, "w:1", true)).toBe(true);
    expect(await claim(email, "w:1", true)).toBe(false); // READY is not held by anyone
  });

  it("records a send only for the worker holding the claim, and only once", async () => {
    expect(await claim(email, "w:1")).toBe(true);
    const sentAt = new Date(NOW.getTime() + 1_000);
    const record = (workerId: string, providerMessageId: string) =>
      recordEmailSent(getDb(), { emailId: email.id, workerId, providerMessageId, sentAt });
    // One batch, answered as if run one after the other: w:2 does not hold it, w:1 records it, and
    // w:1's second record finds it COMPLETE already.
    expect(await Promise.all([record("w:2", "pm-2"), record("w:1", "pm-1"), record("w:1", "pm-x")])).toEqual([
      false,
      true,
      false,
    ]);
    expect(await record("w:1", "pm-1")).toBe(false);
    const row = await getDb().email.findUniqueOrThrow({ where: { id: email.id } });
    expect(row).toMatchObject({
      status: "COMPLETE",
      providerMessageId: "pm-1",
      sentAt,
      claimExpiresAt: null,
    });
  });
});

describe("the claim itself re-checks the address and the campaign", () => {
  // Unsubscribing, disabling and suppressing cancel READY emails, but an email a sender already took
  // over (held) or one read as READY before the change must still not be claimed for sending.
  const cases: [string, (email: Email) => Promise<unknown>][] = [
    [
      "the address is suppressed",
      (email) =>
        getDb().suppression.create({
          data: { userId: email.userId, email: email.toEmail, reason: "UNSUBSCRIBED", source: "test" },
        }),
    ],
    [
      "the campaign is disabled",
      (email) => getDb().campaign.update({ where: { id: email.campaignId }, data: { enabled: false } }),
    ],
    [
      "the homeowner unsubscribed",
      (email) => getDb().campaign.update({ where: { id: email.campaignId }, data: { unsubscribedAt: NOW } }),
    ],
  ];

  for (const [why, change] of cases) {
    it(`refuses a READY email, and a held one, when ${why}`, async () => {
      const ready = await createEmail();
      const held = await createEmail("SENDING", "w:1");
      await change(ready);
      await change(held);
      expect(await Promise.all([claim(ready, "w:1"), claim(held, "w:1", true)])).toEqual([false, false]);
      expect(await getDb().email.findUniqueOrThrow({ where: { id: ready.id } })).toMatchObject({
        status: "READY",
        sendAttempts: 0,
      });
      expect(await recheckBeforeSending(getDb(), { emailId: held.id, workerId: "w:1" })).toMatchObject({
        kind: "blocked",
      });
    });
  }

  it("another agent's suppression of the same address does not block the claim", async () => {
    const email = await createEmail();
    const other = await createTestAgent(getDb());
    await getDb().suppression.create({
      data: { userId: other.id, email: email.toEmail, reason: "HARD_BOUNCE", source: "test" },
    });
    expect(await claim(email, "w:1")).toBe(true);
    expect(await recheckBeforeSending(getDb(), { emailId: email.id, workerId: "w:1" })).toBeNull();
    expect(await recheckBeforeSending(getDb(), { emailId: email.id, workerId: "w:2" })).toEqual({
      kind: "claim-lost",
    });
  });
});

describe("the sender's batched reads", () => {
  it("loadCycleEmail reads exactly what Prisma reads, for several cycles at once", async () => {
    const db = getDb();
    const first = await createEmail("SENDING", "worker-a");
    await db.email.update({
      where: { id: first.id },
      data: { claimExpiresAt: LEASE_END, provider: "GMAIL", approvedAt: NOW, introText: null },
    });
    const second = await createEmail();
    const [firstRead, secondRead, none] = await Promise.all([
      loadCycleEmail(db, { campaignId: first.campaignId, cycle: 1 }),
      loadCycleEmail(db, { campaignId: second.campaignId, cycle: 1 }),
      loadCycleEmail(db, { campaignId: second.campaignId, cycle: 2 }),
    ]);
    const viaPrisma = (campaignId: string) =>
      db.email.findUnique({ where: { campaignId_cycle: { campaignId, cycle: 1 } } });
    expect(firstRead).toEqual(await viaPrisma(first.campaignId));
    expect(secondRead).toEqual(await viaPrisma(second.campaignId));
    expect(firstRead?.claimExpiresAt?.toISOString()).toBe(LEASE_END.toISOString());
    expect(none).toBeNull();
  });
});
