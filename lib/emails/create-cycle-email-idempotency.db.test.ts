import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { createCycleEmail } from "@/lib/emails/create-cycle-email";
import { getEmailHtml } from "@/lib/emails/email-html-storage";
import {
  deliverStatusEvent,
  type EmailTestEnv,
  poll,
  startEmailTestEnv,
  TEST_BUCKET,
} from "@/test/email-pipeline-support";
import { createTestAgent } from "@/test/factories/agent";
import { createTestCampaign } from "@/test/factories/campaign";

// Monday 2026-11-23 18:00 UTC, inside the 48 h lead of the send date Nov 25 at 11:00 Chicago.
const NOW = new Date("2026-11-23T18:00:00Z");
const SEND_DATE = new Date("2026-11-25T17:00:00Z");
let env: EmailTestEnv;

beforeAll(async () => {
  env = await startEmailTestEnv(NOW);
});
afterAll(async () => {
  await env?.stop();
});

it("is idempotent per campaign and cycle, schedules by the rules, expires the older unapproved email", async () => {
  const db = getDb();
  const agent = await createTestAgent(db);
  const campaign = await createTestCampaign(db, agent.id, {
    checkBeforeSending: true,
    nextSendDate: SEND_DATE,
    fixedSendDay: 25,
    lastSentEmailDatetime: new Date("2026-10-25T17:00:00Z"),
    createdAt: new Date("2026-01-10T12:00:00Z"),
  });
  // An email of an earlier cycle that was never approved (its cycle was abandoned).
  const older = await db.email.create({
    data: {
      campaignId: campaign.id,
      userId: agent.id,
      cycle: 0,
      toEmail: campaign.clientEmail,
      toName: "Old",
      subject: "Older email",
      textBody: "…",
      htmlStorageKey: "emails/old.html",
      scheduledSendDatetime: new Date("2026-10-25T16:00:00Z"),
      approvalStatus: "PENDING",
      messageId: `<old-${campaign.id}@test>`,
    },
  });
  // Gather the cycle's data through the real poller and handlers, up to READY_TO_CREATE_EMAIL.
  for (let round = 0; round < 6; round++) {
    await poll(env);
    const { status } = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    if (status === "READY_TO_CREATE_EMAIL") break;
    await deliverStatusEvent(env, campaign.id);
  }
  const message = { campaignId: campaign.id, cycle: 1 };
  // The same message three times, two of them at once (SQS delivers at least once).
  const outcomes = await Promise.all([
    createCycleEmail(env.deps, message),
    createCycleEmail(env.deps, message),
  ]);
  outcomes.push(await createCycleEmail(env.deps, message));
  expect(outcomes.filter((o) => o === "created")).toHaveLength(1);
  expect(outcomes.filter((o) => o === "already-done")).toHaveLength(2);

  const emails = await db.email.findMany({ where: { campaignId: campaign.id, cycle: 1 } });
  expect(emails).toHaveLength(1);
  const email = emails[0];
  expect(email).toMatchObject({
    status: "READY",
    approvalStatus: "PENDING",
    scheduledSendDatetime: SEND_DATE,
  });
  expect(await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({
    status: "READY_TO_CREATE_EMAIL",
    emailCreationStatus: "READY",
    lastScheduledSendDate: SEND_DATE,
  });
  expect(await db.email.findUniqueOrThrow({ where: { id: older.id } })).toMatchObject({ status: "EXPIRED" });
  const html = await getEmailHtml(env.deps.s3, TEST_BUCKET, email?.htmlStorageKey ?? "");
  expect(html).toContain("home report");
  expect(html).toContain(`/unsubscribe/`);
  expect(await db.localOutboxMessage.count({ where: { emailId: email?.id, kind: "approval-request" } })).toBe(
    1,
  );
  const created = await db.campaignHistory.findMany({
    where: { campaignId: campaign.id, event: "EMAIL_CREATED" },
  });
  expect(created).toHaveLength(1);
  expect(created[0]?.reason).toMatch(/waiting for your approval; 1 older unapproved email expired$/);
});
