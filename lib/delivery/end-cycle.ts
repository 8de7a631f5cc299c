import type { CampaignForWork } from "@/lib/campaigns/artifacts/produce-artifact";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { schedulingSettingsFor } from "@/lib/campaigns/scheduling-settings";
import { type TransitionRequest, transitionCampaign } from "@/lib/campaigns/transition-campaign";
import { transitionSoon } from "@/lib/campaigns/work-batches";
import type { Email } from "@/lib/generated/prisma/client";
import { nextSendDateAfterSend } from "@/lib/scheduling/next-send-date-after-send";

/** How the sending consumer ends a cycle: READY_TO_SEND_EMAIL → DORMANT, each idempotent. */

export const SENDER_ACTOR = "WORKER:email";

/** The sender's READY_TO_SEND_EMAIL → DORMANT move of the campaign's current cycle. */
function backToDormant(campaign: CampaignForWork, now: Date): TransitionRequest {
  return {
    campaignId: campaign.id,
    userId: campaign.userId,
    from: "READY_TO_SEND_EMAIL",
    to: "DORMANT",
    cycle: campaign.cycle,
    actor: SENDER_ACTOR,
    now,
  };
}

/** After a send, with the next send date (DESIGN.md §5). */
export async function finishSentCycle(
  deps: PipelineDeps,
  campaign: CampaignForWork,
  email: Email,
  sentAt: Date,
) {
  const settings = schedulingSettingsFor(campaign.user, deps.config.pipeline);
  const via =
    email.provider === "POSTMARK" && email.fallbackReason
      ? ` through Postmark (${email.fallbackReason})`
      : "";
  // Shares a transaction with the other sends finished at the same moment (work-batches.ts).
  await transitionSoon(deps.db, {
    ...backToDormant(campaign, deps.now()),
    event: "EMAIL_SENT",
    reason: `“${email.subject}” sent to ${email.toEmail}${via}`,
    data: {
      lastSentEmailDatetime: sentAt,
      nextSendDate: nextSendDateAfterSend(sentAt, campaign.fixedSendDay, settings),
      emailCreationStatus: "NOT_STARTED",
    },
  });
}

/** Suppressed, unsubscribed or disabled at send time: the email is canceled, nothing is sent. */
export async function cancelCycle(
  deps: PipelineDeps,
  campaign: CampaignForWork,
  email: Email,
  reason: string,
  heldBy: string | null,
) {
  await deps.db.$transaction(async (tx) => {
    await tx.email.updateMany({
      where: heldBy
        ? { id: email.id, status: "SENDING", claimedBy: heldBy }
        : { id: email.id, status: "READY" },
      data: { status: "CANCELED", error: reason, claimedBy: null, claimExpiresAt: null },
    });
    await transitionCampaign(tx, {
      ...backToDormant(campaign, deps.now()),
      event: "CYCLE_ABANDONED",
      reason,
    });
  });
}

/**
 * The provider refused the email for good, or a crashed send cannot be verified: the email is FAILED
 * with the reason (the campaign page shows it) and the campaign waits for its next regular send day
 * rather than retrying the same refusal every poll.
 */
export async function failCycle(
  deps: PipelineDeps,
  campaign: CampaignForWork,
  email: Email,
  reason: string,
  heldBy: string | null,
) {
  const now = deps.now();
  const settings = schedulingSettingsFor(campaign.user, deps.config.pipeline);
  await deps.db.$transaction(async (tx) => {
    if (heldBy) {
      await tx.email.updateMany({
        where: { id: email.id, status: "SENDING", claimedBy: heldBy },
        data: { status: "FAILED", error: reason.slice(0, 1000), claimExpiresAt: null },
      });
    }
    await transitionCampaign(tx, {
      ...backToDormant(campaign, now),
      event: "EMAIL_FAILED",
      reason: `“${email.subject}” to ${email.toEmail} was not sent: ${reason}`,
      data: {
        nextSendDate: nextSendDateAfterSend(now, campaign.fixedSendDay, settings),
        emailCreationStatus: "NOT_STARTED",
      },
    });
  });
}
