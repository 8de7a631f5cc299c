import type { CampaignForWork } from "@/lib/campaigns/artifacts/produce-artifact";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { schedulingSettingsFor } from "@/lib/campaigns/scheduling-settings";
import { transitionCampaign } from "@/lib/campaigns/transition-campaign";
import { loadCampaignForWork, transitionSoon } from "@/lib/campaigns/work-batches";
import type { OutgoingMessage } from "@/lib/delivery/types";
import { renderCycleEmail } from "@/lib/emails/create-cycle-email";
import { getEmailHtml, putEmailHtml } from "@/lib/emails/email-html-storage";
import { unsubscribeToken, unsubscribeUrl } from "@/lib/emails/unsubscribe-link";
import type { Email } from "@/lib/generated/prisma/client";
import { maySendNow } from "@/lib/scheduling/may-send-now";
import { nextSendDateAfterSend } from "@/lib/scheduling/next-send-date-after-send";

const ACTOR = "WORKER:email";

export type SendOutcome = "sent" | "stale" | "already-done" | "claimed-elsewhere" | "canceled" | "not-yet";

/**
 * The email-sending consumer's work (DESIGN.md §7): never send twice, never lose one.
 * The email is claimed (READY → SENDING with a lease) before the transport is called; suppression,
 * the campaign being enabled and the sending window are checked again at send time; the transport is
 * given our own Message-ID, so a send retried after a crash is recognised by the provider (the local
 * outbox keys on it). Afterwards the email is COMPLETE and the campaign returns to DORMANT with its
 * next send date, in one transaction.
 */
export async function sendCycleEmail(
  deps: PipelineDeps,
  message: { campaignId: string; cycle: number },
  workerId: string,
): Promise<SendOutcome> {
  const { db } = deps;
  const now = deps.now();
  const campaign = await loadCampaignForWork(db, message.campaignId);
  if (!campaign || campaign.status !== "READY_TO_SEND_EMAIL" || campaign.cycle !== message.cycle)
    return "stale";
  const email = await db.email.findUnique({
    where: { campaignId_cycle: { campaignId: campaign.id, cycle: campaign.cycle } },
  });
  if (!email) return "stale";
  if (email.status === "COMPLETE") {
    await finishCycle(deps, campaign, email, email.sentAt ?? now);
    return "already-done";
  }
  if (email.approvalStatus === "PENDING" || email.approvalStatus === "REJECTED") return "stale";

  const suppressed = await db.suppression.findUnique({
    where: { userId_email: { userId: campaign.userId, email: email.toEmail } },
  });
  if (suppressed || !campaign.enabled || campaign.unsubscribedAt) {
    const reason = suppressed
      ? `${email.toEmail} is suppressed (${suppressed.reason.toLowerCase().replaceAll("_", " ")})`
      : campaign.enabled
        ? "homeowner unsubscribed"
        : "campaign disabled";
    await cancelCycle(deps, campaign, email, reason);
    return "canceled";
  }
  const verdict = maySendNow(
    {
      now,
      scheduledSendDatetime: email.scheduledSendDatetime,
      campaignCreatedAt: campaign.createdAt,
      approved: true,
    },
    schedulingSettingsFor(campaign.user, deps.config.pipeline),
  );
  if (!verdict.ok) {
    deps.log.info(
      { campaignId: campaign.id, reason: verdict.reason },
      "email not sendable yet; left for later",
    );
    return "not-yet";
  }

  const claimed = await db.email.updateMany({
    where: {
      id: email.id,
      OR: [{ status: "READY" }, { status: "SENDING", claimExpiresAt: { lt: now } }],
    },
    data: {
      status: "SENDING",
      claimedBy: workerId,
      claimExpiresAt: new Date(now.getTime() + deps.config.pipeline.sendLeaseMs),
      sendAttempts: { increment: 1 },
    },
  });
  if (claimed.count === 0) return "claimed-elsewhere";

  let providerMessageId: string;
  try {
    const html =
      (await getEmailHtml(deps.s3, deps.config.aws.emailBucket, email.htmlStorageKey)) ??
      (await restoreHtml(deps, campaign, email));
    ({ providerMessageId } = await deps.transport.send(await outgoingMessage(deps, campaign, email, html)));
  } catch (error) {
    await db.email.updateMany({
      where: { id: email.id, status: "SENDING", claimedBy: workerId },
      data: { status: "READY", claimedBy: null, claimExpiresAt: null, error: String(error) },
    });
    throw error;
  }

  const sentAt = deps.now();
  const recorded = await db.email.updateMany({
    where: { id: email.id, status: "SENDING", claimedBy: workerId },
    data: {
      status: "COMPLETE",
      provider: deps.transport.name,
      providerMessageId,
      sentAt,
      claimExpiresAt: null,
      error: null,
    },
  });
  if (recorded.count === 0) return "claimed-elsewhere"; // our lease ran out; the new owner records it
  await finishCycle(deps, campaign, email, sentAt);
  return "sent";
}

/** The stored HTML is gone (an emulator restart locally): render it again from the cycle's data. */
async function restoreHtml(deps: PipelineDeps, campaign: CampaignForWork, email: Email): Promise<string> {
  const again = await renderCycleEmail(deps, campaign, email.scheduledSendDatetime, email.introText);
  if (!again) throw new Error(`stored HTML ${email.htmlStorageKey} is missing and cannot be rendered again`);
  await putEmailHtml(deps.s3, deps.config.aws.emailBucket, email.htmlStorageKey, again.rendered.html);
  deps.log.warn(
    { emailId: email.id, key: email.htmlStorageKey },
    "stored email HTML was missing; rendered it again",
  );
  return again.rendered.html;
}

async function outgoingMessage(
  deps: PipelineDeps,
  campaign: CampaignForWork,
  email: Email,
  html: string,
): Promise<OutgoingMessage> {
  const agent = campaign.user;
  const domain = new URL(deps.config.appUrl).hostname;
  const oneClick = unsubscribeUrl(
    deps.config.appUrl,
    await unsubscribeToken(campaign.id, deps.config.linkSigningSecret),
  );
  return {
    kind: "homeowner",
    userId: campaign.userId,
    emailId: email.id,
    from: { name: `${agent.firstName} ${agent.lastName}`.trim(), address: agent.email },
    to: { name: email.toName, address: email.toEmail },
    replyTo: agent.email,
    subject: email.subject,
    html,
    text: email.textBody,
    headers: {
      // RFC 8058 one-click unsubscribe (Gmail/Yahoo bulk-sender rules).
      "List-Unsubscribe": `<${oneClick}>, <mailto:unsubscribe@${domain}?subject=unsubscribe%20${campaign.id}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
    messageId: email.messageId,
  };
}

/** READY_TO_SEND_EMAIL → DORMANT after a send, with the next send date (DESIGN.md §5). Idempotent. */
async function finishCycle(deps: PipelineDeps, campaign: CampaignForWork, email: Email, sentAt: Date) {
  const settings = schedulingSettingsFor(campaign.user, deps.config.pipeline);
  await transitionSoon(deps.db, {
    campaignId: campaign.id,
    userId: campaign.userId,
    from: "READY_TO_SEND_EMAIL",
    to: "DORMANT",
    cycle: campaign.cycle,
    actor: ACTOR,
    now: deps.now(),
    event: "EMAIL_SENT",
    reason: `“${email.subject}” sent to ${email.toEmail}`,
    data: {
      lastSentEmailDatetime: sentAt,
      nextSendDate: nextSendDateAfterSend(sentAt, campaign.fixedSendDay, settings),
      emailCreationStatus: "NOT_STARTED",
    },
  });
}

async function cancelCycle(deps: PipelineDeps, campaign: CampaignForWork, email: Email, reason: string) {
  await deps.db.$transaction(async (tx) => {
    await tx.email.updateMany({
      where: { id: email.id, status: "READY" },
      data: { status: "CANCELED", error: reason },
    });
    await transitionCampaign(tx, {
      campaignId: campaign.id,
      userId: campaign.userId,
      from: "READY_TO_SEND_EMAIL",
      to: "DORMANT",
      cycle: campaign.cycle,
      actor: ACTOR,
      now: deps.now(),
      event: "CYCLE_ABANDONED",
      reason,
    });
  });
}
