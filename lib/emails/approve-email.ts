import "server-only";
import { agentActor } from "@/lib/campaigns/actors";
import { getDb } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";

/**
 * The agent approves their campaign's email for sending (DESIGN.md §6). Only an email that is still
 * waiting for approval and not sent or replaced can be approved; approving twice is a no-op. The
 * poller sends it at its scheduled time, or at once (inside the window) if that time has passed.
 */
export async function approveEmail(userId: string, emailId: string, now = new Date()): Promise<void> {
  await getDb().$transaction(async (tx) => {
    const email = await tx.email.findFirst({
      where: { id: emailId, userId },
      select: { campaignId: true, cycle: true, status: true, approvalStatus: true },
    });
    if (!email) throw new NotFoundError("Email");
    if (email.approvalStatus === "APPROVED") return;
    if (email.approvalStatus !== "PENDING" || email.status !== "READY") {
      throw new ConflictError("This email can no longer be approved: it was sent, canceled or replaced.");
    }
    const { count } = await tx.email.updateMany({
      where: { id: emailId, userId, approvalStatus: "PENDING", status: "READY" },
      data: { approvalStatus: "APPROVED", approvedAt: now, approvedBy: agentActor(userId) },
    });
    if (count === 0)
      throw new ConflictError("This email changed while you were approving it; reload and try again.");
    await tx.campaignHistory.create({
      data: {
        campaignId: email.campaignId,
        cycle: email.cycle,
        event: "APPROVED",
        actor: agentActor(userId),
        at: now,
      },
    });
  });
}
