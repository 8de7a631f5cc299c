import { agentActor } from "@/lib/campaigns/actors";
import { schedulingSettingsFor } from "@/lib/campaigns/scheduling-settings";
import { transitionCampaign } from "@/lib/campaigns/transition-campaign";
import type { AppConfig } from "@/lib/env";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { nextSendDateAfterSend } from "@/lib/scheduling/next-send-date-after-send";

const CAN_SKIP = ["READY_TO_CREATE_EMAIL", "READY_TO_SEND_EMAIL"] as const;

/**
 * The agent skips this cycle's email (DESIGN.md §6 "reject"): the email is canceled and marked
 * REJECTED, and the campaign goes back to DORMANT through the state machine with the next send date
 * of the following month, as if this month's email had gone out at its scheduled time. An email
 * already claimed by a sender (SENDING) or sent cannot be skipped. Rejecting twice is a no-op.
 */
export async function rejectEmail(
  deps: { db: PrismaClient; pipeline: AppConfig["pipeline"] },
  userId: string,
  emailId: string,
  now = new Date(),
): Promise<{ nextSendDate: Date } | null> {
  return deps.db.$transaction(async (tx) => {
    const email = await tx.email.findFirst({
      where: { id: emailId, userId },
      include: {
        campaign: { include: { user: { select: { timeZone: true, sendingWindowEnabled: true } } } },
      },
    });
    if (!email) throw new NotFoundError("Email");
    if (email.approvalStatus === "REJECTED") return null;
    const { campaign } = email;
    const status = CAN_SKIP.find((s) => s === campaign.status);
    if (email.status !== "READY" || !status || campaign.cycle !== email.cycle) {
      throw new ConflictError(
        "This email can no longer be skipped: it is being sent, was sent, or was replaced.",
      );
    }
    const canceled = await tx.email.updateMany({
      where: { id: email.id, userId, status: "READY" },
      data: {
        status: "CANCELED",
        approvalStatus: "REJECTED",
        rejectedAt: now,
        error: "Skipped by the agent",
      },
    });
    if (canceled.count === 0)
      throw new ConflictError("This email changed while you were skipping it; reload and try again.");
    const settings = schedulingSettingsFor(campaign.user, deps.pipeline);
    const skippedAt = email.scheduledSendDatetime > now ? email.scheduledSendDatetime : now;
    const nextSendDate = nextSendDateAfterSend(skippedAt, campaign.fixedSendDay, settings);
    const moved = await transitionCampaign(tx, {
      campaignId: campaign.id,
      userId,
      from: status,
      to: "DORMANT",
      cycle: campaign.cycle,
      actor: agentActor(userId),
      now,
      event: "CYCLE_SKIPPED",
      reason: `You skipped “${email.subject}”; the next email is prepared for ${formatDateTime(nextSendDate, campaign.user.timeZone)}`,
      data: { nextSendDate, emailCreationStatus: "NOT_STARTED" },
    });
    // Rolls the cancel back: the campaign moved on (e.g. the poller promoted it) in the meantime.
    if (moved === null)
      throw new ConflictError("This email changed while you were skipping it; reload and try again.");
    return { nextSendDate };
  });
}
