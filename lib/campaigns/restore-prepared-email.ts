import { agentActor } from "@/lib/campaigns/actors";
import { statusEventKey } from "@/lib/campaigns/campaign-transitions";
import {
  CANCELED_BY_DISABLING,
  whyNotRestorePreparedEmail,
} from "@/lib/campaigns/prepared-email-on-re-enable";
import { ConflictError } from "@/lib/errors";
import { enqueueEvent } from "@/lib/events/enqueue-event";
import { formatDateTime } from "@/lib/format";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { CampaignStatus } from "@/lib/generated/prisma/enums";

type DisabledCampaign = {
  id: string;
  userId: string;
  status: CampaignStatus;
  cycle: number;
  unsubscribedAt: Date | null;
  user: { timeZone: string };
};

/**
 * Re-enabling within the cycle (issue 15): brings back the email that disabling canceled, as it was
 * — the same email, its approval state and its approval request (no second one is sent; the request's
 * link works again) — when whyNotRestorePreparedEmail finds no reason against it. The campaign
 * returns to READY_TO_CREATE_EMAIL with the email READY, where the poller sends it at its time once
 * approved, exactly as if it had never been disabled. Runs in the caller's transaction; returns
 * whether it restored (false: the caller prepares afresh).
 *
 * DORMANT → READY_TO_CREATE_EMAIL is not a forward edge of the state machine: it undoes the
 * abandonment that disabling did in the same cycle, so it is written here, compare-and-set on the
 * disabled, dormant campaign of that cycle, and not through transitionCampaign.
 */
export async function restorePreparedEmail(
  tx: Prisma.TransactionClient,
  campaign: DisabledCampaign,
  now: Date,
): Promise<boolean> {
  const email = await tx.email.findUnique({
    where: { campaignId_cycle: { campaignId: campaign.id, cycle: campaign.cycle } },
    select: {
      id: true,
      cycle: true,
      status: true,
      error: true,
      subject: true,
      toEmail: true,
      approvalStatus: true,
      scheduledSendDatetime: true,
      createdAt: true,
    },
  });
  if (!email) return false;
  const [edits, promotions, suppression] = await Promise.all([
    tx.campaignHistory.count({
      where: { campaignId: campaign.id, event: "UPDATED", at: { gte: email.createdAt } },
    }),
    tx.campaignHistory.count({
      where: { campaignId: campaign.id, cycle: email.cycle, toStatus: "READY_TO_SEND_EMAIL" },
    }),
    tx.suppression.findUnique({
      where: { userId_email: { userId: campaign.userId, email: email.toEmail } },
      select: { id: true },
    }),
  ]);
  const why = whyNotRestorePreparedEmail({
    now,
    campaign,
    email,
    editedSincePrepared: edits > 0,
    promotedThisCycle: promotions > 0,
    suppressed: suppression !== null,
  });
  if (why) return false;

  const moved = await tx.campaign.updateMany({
    where: {
      id: campaign.id,
      userId: campaign.userId,
      enabled: false,
      status: "DORMANT",
      cycle: email.cycle,
    },
    data: {
      enabled: true,
      status: "READY_TO_CREATE_EMAIL",
      emailCreationStatus: "READY",
      nextSendDate: email.scheduledSendDatetime,
      statusChangedAt: now,
      lastNudgedAt: null,
    },
  });
  if (moved.count === 0) return false; // changed meanwhile: prepare afresh
  const back = await tx.email.updateMany({
    where: { id: email.id, status: "CANCELED", error: CANCELED_BY_DISABLING },
    data: { status: "READY", error: null },
  });
  if (back.count === 0)
    throw new ConflictError("This campaign changed while you were enabling it; try again.");

  const approval =
    email.approvalStatus === "PENDING"
      ? "; waiting for your approval"
      : email.approvalStatus === "APPROVED"
        ? "; approved"
        : "";
  await tx.campaignHistory.create({
    data: {
      campaignId: campaign.id,
      cycle: email.cycle,
      fromStatus: "DORMANT",
      toStatus: "READY_TO_CREATE_EMAIL",
      event: "ENABLED",
      actor: agentActor(campaign.userId),
      reason: `“${email.subject}” scheduled for ${formatDateTime(email.scheduledSendDatetime, campaign.user.timeZone)} is back${approval}`,
      at: now,
    },
  });
  // The status event, as for any status change. Its consumer finds the email already made; the key
  // differs from the cycle's first READY_TO_CREATE_EMAIL event, which the outbox would drop as a repeat.
  const dedupeKey = statusEventKey(campaign.id, email.cycle, "READY_TO_CREATE_EMAIL");
  await enqueueEvent(
    tx,
    {
      type: "CAMPAIGN_STATUS_CHANGED",
      version: 1,
      campaignId: campaign.id,
      userId: campaign.userId,
      cycle: email.cycle,
      fromStatus: "DORMANT",
      toStatus: "READY_TO_CREATE_EMAIL",
      dedupeKey,
      occurredAt: now.toISOString(),
    },
    `${dedupeKey}:restored:${now.getTime()}`,
  );
  return true;
}
