import { afterAll, beforeAll, expect, it } from "vitest";
import { createS3Client } from "@/lib/clients/aws/s3-client";
import { createPostmarkClient } from "@/lib/clients/postmark/postmark-client";
import { getDb } from "@/lib/db";
import { createPostmarkTransport } from "@/lib/delivery/postmark-transport";
import { approveEmailByLink } from "@/lib/emails/approve-email-by-link";
import { editEmailDraft } from "@/lib/emails/edit-email-draft";
import { getEmailHtml } from "@/lib/emails/email-html-storage";
import { rejectEmail } from "@/lib/emails/reject-email";
import { sendApprovalMail } from "@/lib/emails/send-approval-mail";
import { sendDueApprovalMail } from "@/lib/emails/send-due-approval-mail";
import { ConflictError, NotFoundError } from "@/lib/errors";
import {
  deliverStatusEvent,
  type EmailTestEnv,
  poll,
  startEmailTestEnv,
  TEST_BUCKET,
} from "@/test/email-pipeline-support";
import { createTestAgent } from "@/test/factories/agent";
import { createTestCampaign } from "@/test/factories/campaign";
import { deliveryTestConfig } from "@/test/fakes/delivery-config";
import { startPostmarkFake } from "@/test/fakes/postmark-fake";

// Monday 2026-11-23 18:00 UTC (12:00 in Chicago), within the 48 h preparation lead of the campaign's
// send date, Wednesday the 25th at 11:00.
const NOW = new Date("2026-11-23T18:00:00Z");
const SEND_DATE = new Date("2026-11-25T17:00:00Z");
let env: EmailTestEnv;

beforeAll(async () => {
  env = await startEmailTestEnv(NOW);
});
afterAll(async () => {
  await env?.stop();
});

/** A campaign checked before sending, run through the real poller and handlers until its email exists. */
async function campaignWithEmail(agentOverrides: { sendingWindowEnabled?: boolean } = {}) {
  const db = getDb();
  env.clock.now = NOW;
  const agent = await createTestAgent(db, agentOverrides);
  const campaign = await createTestCampaign(db, agent.id, {
    checkBeforeSending: true,
    nextSendDate: SEND_DATE,
    fixedSendDay: 25,
    lastSentEmailDatetime: new Date("2026-10-25T17:00:00Z"),
    createdAt: new Date("2026-01-10T12:00:00Z"),
    loanAmount: 332_000,
    loanRatePercent: 7.25,
  });
  for (let round = 0; round < 6; round++) {
    await poll(env);
    await deliverStatusEvent(env, campaign.id);
  }
  const email = await db.email.findFirstOrThrow({ where: { campaignId: campaign.id } });
  return { agent, campaign, email };
}

function approveTokenIn(text: string): string {
  const match = /\/approve\/([A-Za-z0-9._-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no approve link in:\n${text}`);
  return match[1];
}

it("creating an email that needs approval mails the agent a working one-click link; the reminder comes once, a day before", async () => {
  const db = getDb();
  const { agent, campaign, email } = await campaignWithEmail();
  expect(email).toMatchObject({
    status: "READY",
    approvalStatus: "PENDING",
    scheduledSendDatetime: SEND_DATE,
  });
  expect(email.approvalRequestedAt).toEqual(NOW);
  const requests = await db.localOutboxMessage.findMany({
    where: { emailId: email.id, kind: "approval-request" },
  });
  expect(requests).toHaveLength(1);
  const request = requests[0];
  expect(request?.toAddress).toContain(agent.email);
  expect(request?.subject).toContain("Approve your email to");
  expect(request?.text).toContain(email.subject);
  expect(request?.html).toContain(`/campaigns/${campaign.id}`);
  expect(approveTokenIn(request?.html ?? "")).toBe(approveTokenIn(request?.text ?? ""));

  // Nothing is due yet: the request went out and the send is more than a day away.
  expect(await sendDueApprovalMail(env.deps)).toEqual({ requests: 0, reminders: 0, failed: 0 });
  env.clock.now = new Date(SEND_DATE.getTime() - 23 * 3_600_000);
  expect(await sendDueApprovalMail(env.deps)).toEqual({ requests: 0, reminders: 1, failed: 0 });
  expect(await sendDueApprovalMail(env.deps)).toEqual({ requests: 0, reminders: 0, failed: 0 });
  const reminder = await db.localOutboxMessage.findFirstOrThrow({
    where: { emailId: email.id, kind: "approval-reminder" },
  });
  expect(reminder.subject).toBe(`Reminder: your email to ${email.toName} is not approved yet`);
  // The factory agent keeps the sending window on: a late approval waits for it.
  for (const part of [reminder.text, reminder.html]) {
    expect(part).toContain("at the next opportunity inside your sending hours (11:00–18:00)");
  }

  // The reminder's link approves; the request's (older) link then says it can no longer be used.
  const secret = env.deps.config.linkSigningSecret;
  const reminderLink = approveTokenIn(reminder.text);
  expect(reminderLink).not.toBe(approveTokenIn(request?.text ?? ""));
  expect((await approveEmailByLink({ db, secret, now: env.clock.now }, reminderLink)).state).toBe("approved");
  expect(
    (await approveEmailByLink({ db, secret, now: env.clock.now }, approveTokenIn(request?.text ?? ""))).state,
  ).toBe("already-approved");

  // Approved: the poller sends it at its time.
  env.clock.now = SEND_DATE;
  await poll(env);
  await deliverStatusEvent(env, campaign.id);
  expect(await db.email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({ status: "COMPLETE" });
  expect(await db.localOutboxMessage.count({ where: { emailId: email.id, kind: "homeowner" } })).toBe(1);
});

it("the reminder to an agent without a sending window does not mention one", async () => {
  const db = getDb();
  const { email } = await campaignWithEmail({ sendingWindowEnabled: false });
  env.clock.now = new Date(SEND_DATE.getTime() - 23 * 3_600_000);
  expect(await sendDueApprovalMail(env.deps)).toMatchObject({ reminders: 1, failed: 0 });
  const reminder = await db.localOutboxMessage.findFirstOrThrow({
    where: { emailId: email.id, kind: "approval-reminder" },
  });
  for (const part of [reminder.text, reminder.html]) {
    expect(part).not.toMatch(/sending hours|window|11:00.18:00/i);
    expect(part).toContain("Approving after Nov 25, 2026, 11:00 AM sends it right away.");
  }
});

it("the approval-mail job sends a request the consumer could not send", async () => {
  const db = getDb();
  const { email } = await campaignWithEmail();
  await db.localOutboxMessage.deleteMany({ where: { emailId: email.id } });
  await db.email.update({ where: { id: email.id }, data: { approvalRequestedAt: null } });
  env.clock.now = new Date(NOW.getTime() + 10 * 60_000);
  // A provider failure releases the claim: nothing is recorded as sent, the next run sends it.
  const failing = {
    ...env.deps,
    transport: {
      name: "POSTMARK" as const,
      send: () => Promise.reject(new Error("Postmark answered 503")),
      findSent: async () => null,
    },
  };
  expect((await sendDueApprovalMail(failing)).failed).toBeGreaterThanOrEqual(1);
  expect(await db.email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
    approvalRequestedAt: null,
  });
  const result = await sendDueApprovalMail(env.deps);
  expect(result.requests).toBeGreaterThanOrEqual(1);
  expect(await db.localOutboxMessage.count({ where: { emailId: email.id, kind: "approval-request" } })).toBe(
    1,
  );
});

it("an approval request Postmark took but did not answer in time is found by its metadata, not sent twice", async () => {
  const db = getDb();
  const { email } = await campaignWithEmail();
  await db.email.update({ where: { id: email.id }, data: { approvalRequestedAt: null } });
  const postmark = await startPostmarkFake();
  try {
    const config = deliveryTestConfig({ postmark }, { POSTMARK_TIMEOUT_MS: "1000" });
    const transport = createPostmarkTransport(
      createPostmarkClient(config.delivery.postmark),
      config.delivery.postmark,
    );
    const deps = { ...env.deps, transport };
    // Postmark accepts the message and never answers: the client gives up after its timeout.
    postmark.onAccepted = () => "hang";
    await expect(sendApprovalMail(deps, email.id, "approval-request")).rejects.toThrow();
    postmark.onAccepted = undefined;
    expect(await db.email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      approvalRequestedAt: null,
    });
    // The next run asks Postmark first and finds it.
    expect(await sendApprovalMail(deps, email.id, "approval-request")).toBe("already-sent");
    const sent = postmark.received.filter((m) => m.Metadata.dripr_email_id === email.id);
    expect(sent).toHaveLength(1);
    expect(postmark.sendRequests).toBe(1);
    expect(
      (await db.email.findUniqueOrThrow({ where: { id: email.id } })).approvalRequestedAt,
    ).not.toBeNull();
  } finally {
    await postmark.close();
  }
});

it("the agent edits subject and intro: the stored HTML and the row change, the preview shows it", async () => {
  const db = getDb();
  const { agent, email } = await campaignWithEmail();
  await editEmailDraft(env.deps, agent.id, email.id, {
    subject: "A quick update on your home, Jordan",
    introText: "Happy Thanksgiving! <b>Not bold</b>\n\nSecond paragraph.",
  });
  const edited = await db.email.findUniqueOrThrow({ where: { id: email.id } });
  expect(edited).toMatchObject({ subject: "A quick update on your home, Jordan", approvalStatus: "PENDING" });
  expect(edited.textBody).toContain("Happy Thanksgiving! <b>Not bold</b>\n\nSecond paragraph.");
  const html = await getEmailHtml(env.deps.s3, TEST_BUCKET, edited.htmlStorageKey);
  expect(html).toContain("<title>A quick update on your home, Jordan</title>");
  expect(html).toContain("Happy Thanksgiving! &lt;b&gt;Not bold&lt;/b&gt;");

  const other = await createTestAgent(db);
  await expect(
    editEmailDraft(env.deps, other.id, email.id, {
      subject: "Hijacked subject",
      introText: "Not yours to edit.",
    }),
  ).rejects.toThrow(NotFoundError);
});

/** What the sender would read now: the row's subject and the HTML stored under the row's key. */
async function whatTheSenderSees(emailId: string) {
  const row = await getDb().email.findUniqueOrThrow({ where: { id: emailId } });
  const html = await getEmailHtml(env.deps.s3, TEST_BUCKET, row.htmlStorageKey);
  return { row, title: /<title>(.*?)<\/title>/.exec(html ?? "")?.[1] };
}

/** An S3 client on the same emulator that runs `before` ahead of every PutObject it sends. */
function s3WithHookOnPut(before: () => Promise<void>) {
  const s3 = createS3Client(env.deps.config.aws);
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "PutObjectCommand") await before();
      return next(args);
    },
    { step: "initialize", name: "testHookOnPut" },
  );
  return s3;
}

it("an edit whose upload fails changes nothing: subject, text and HTML stay as they were", async () => {
  const { agent, email } = await campaignWithEmail();
  const before = await whatTheSenderSees(email.id);
  const broken = {
    ...env.deps,
    config: { ...env.deps.config, aws: { ...env.deps.config.aws, emailBucket: "no-such-bucket" } },
  };
  await expect(
    editEmailDraft(broken, agent.id, email.id, {
      subject: "A subject that never made it",
      introText: "This intro was never stored anywhere.",
    }),
  ).rejects.toThrow();
  const after = await whatTheSenderSees(email.id);
  expect(after.row).toEqual(before.row);
  expect(after.title).toBe(before.title);
  expect(
    await getDb().campaignHistory.count({ where: { campaignId: email.campaignId, event: "EMAIL_EDITED" } }),
  ).toBe(0);
});

it("an edit is one swap: while its HTML uploads the sender still sees the old pair, after it the new pair", async () => {
  const { agent, email } = await campaignWithEmail();
  const before = await whatTheSenderSees(email.id);
  const seenDuringUpload: Awaited<ReturnType<typeof whatTheSenderSees>>[] = [];
  const deps = {
    ...env.deps,
    s3: s3WithHookOnPut(async () => void seenDuringUpload.push(await whatTheSenderSees(email.id))),
  };
  await editEmailDraft(deps, agent.id, email.id, {
    subject: "Edited subject for the swap",
    introText: "An intro long enough to be accepted.",
  });
  expect(seenDuringUpload).toHaveLength(1);
  expect(seenDuringUpload[0]?.row.subject).toBe(before.row.subject);
  expect(seenDuringUpload[0]?.title).toBe(before.title);
  const after = await whatTheSenderSees(email.id);
  expect(after.row.subject).toBe("Edited subject for the swap");
  expect(after.title).toBe("Edited subject for the swap");
  expect(after.row.htmlStorageKey).not.toBe(before.row.htmlStorageKey);
  deps.s3.destroy();
});

it("the poller promotes the email while the edit uploads: the edit is refused and the email goes out as it was", async () => {
  const { agent, email } = await campaignWithEmail();
  const before = await whatTheSenderSees(email.id);
  // The agent approved it earlier; the poller hands it to the sender in the middle of the edit.
  await getDb().email.update({ where: { id: email.id }, data: { approvalStatus: "APPROVED" } });
  const promote = () =>
    getDb()
      .campaign.update({ where: { id: email.campaignId }, data: { status: "READY_TO_SEND_EMAIL" } })
      .then(() => undefined);
  const deps = { ...env.deps, s3: s3WithHookOnPut(promote) };
  await expect(
    editEmailDraft(deps, agent.id, email.id, {
      subject: "Too late for this subject",
      introText: "An intro long enough to be accepted.",
    }),
  ).rejects.toThrow(ConflictError);
  const after = await whatTheSenderSees(email.id);
  expect({ subject: after.row.subject, key: after.row.htmlStorageKey, text: after.row.textBody }).toEqual({
    subject: before.row.subject,
    key: before.row.htmlStorageKey,
    text: before.row.textBody,
  });
  expect(after.title).toBe(before.title);
  deps.s3.destroy();
});

it("skipping moves the campaign back to DORMANT for next month's send day; it cannot be skipped twice or once sending", async () => {
  const db = getDb();
  const { agent, campaign, email } = await campaignWithEmail();
  const pipeline = env.deps.config.pipeline;
  const other = await createTestAgent(db);
  await expect(rejectEmail({ db, pipeline }, other.id, email.id, NOW)).rejects.toThrow(NotFoundError);

  const result = await rejectEmail({ db, pipeline }, agent.id, email.id, NOW);
  // Dec 25 at 11:00 in Chicago: the first fixed day at least 14 days after the skipped Nov 25 send.
  expect(result).toEqual({ nextSendDate: new Date("2026-12-25T17:00:00Z") });
  expect(await db.email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
    status: "CANCELED",
    approvalStatus: "REJECTED",
    rejectedAt: NOW,
  });
  expect(await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({
    status: "DORMANT",
    cycle: email.cycle,
    nextSendDate: new Date("2026-12-25T17:00:00Z"),
    emailCreationStatus: "NOT_STARTED",
  });
  const history = await db.campaignHistory.findFirstOrThrow({
    where: { campaignId: campaign.id, event: "CYCLE_SKIPPED" },
  });
  expect(history).toMatchObject({
    fromStatus: "READY_TO_CREATE_EMAIL",
    toStatus: "DORMANT",
    actor: `AGENT:${agent.id}`,
  });
  expect(await rejectEmail({ db, pipeline }, agent.id, email.id, NOW)).toBeNull();

  // The poller does not start the next cycle before its time, and nothing is sent.
  await poll(env);
  expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status).toBe("DORMANT");
  expect(await db.localOutboxMessage.count({ where: { emailId: email.id, kind: "homeowner" } })).toBe(0);

  const sending = await campaignWithEmail();
  await db.email.update({ where: { id: sending.email.id }, data: { status: "SENDING" } });
  await expect(rejectEmail({ db, pipeline }, sending.agent.id, sending.email.id, NOW)).rejects.toThrow(
    ConflictError,
  );
  expect(await db.campaign.findUniqueOrThrow({ where: { id: sending.campaign.id } })).toMatchObject({
    status: "READY_TO_CREATE_EMAIL",
  });
});

it("after the agent skips a campaign's first email, the next one is scheduled on the send day, not at once", async () => {
  const db = getDb();
  env.clock.now = NOW;
  const agent = await createTestAgent(db);
  // A new campaign: its first cycle starts at creation (DESIGN.md §5).
  const campaign = await createTestCampaign(db, agent.id, {
    checkBeforeSending: true,
    fixedSendDay: 25,
    createdAt: new Date(NOW.getTime() - 3_600_000),
    nextSendDate: new Date(NOW.getTime() - 3_600_000),
  });
  const runUntilEmail = async (cycle: number) => {
    for (let round = 0; round < 6; round++) {
      await poll(env);
      await deliverStatusEvent(env, campaign.id);
    }
    return db.email.findUniqueOrThrow({ where: { campaignId_cycle: { campaignId: campaign.id, cycle } } });
  };
  const first = await runUntilEmail(1);
  const { nextSendDate } =
    (await rejectEmail({ db, pipeline: env.deps.config.pipeline }, agent.id, first.id, NOW)) ?? {};
  // The first fixed day 25 at least 14 days after the skipped email's time (Nov 23 or 24) is Dec 25.
  expect(nextSendDate).toEqual(new Date("2026-12-25T17:00:00Z"));

  env.clock.now = new Date("2026-12-23T18:00:00Z"); // inside the 48 h lead: the cycle starts
  const second = await runUntilEmail(2);
  expect(second.scheduledSendDatetime).toEqual(new Date("2026-12-25T17:00:00Z"));
});
