import type { CampaignForWork } from "@/lib/campaigns/artifacts/produce-artifact";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { DeliveryError } from "@/lib/delivery/delivery-error";
import { failCycle, finishSentCycle } from "@/lib/delivery/end-cycle";
import type { Email } from "@/lib/generated/prisma/client";

/**
 * An email was found in SENDING with an expired lease: its sender crashed, or its provider failed
 * ambiguously, somewhere between claiming and recording. Before anything is sent again, the provider
 * that was used is asked whether it accepted a message with our Message-ID (Gmail: rfc822msgid
 * search; Postmark: outbound messages by metadata; the local outbox: its unique key):
 * - yes: the email is recorded as sent (COMPLETE with the provider's id) and the cycle finishes;
 * - no: the caller, holding the claim, sends it;
 * - cannot tell (Gmail granted only gmail.send, or the grant is gone): it is NOT sent again. The email
 *   is FAILED with an explanation the agent sees, so a possible duplicate becomes a visible question
 *   rather than a second email to the homeowner.
 * The caller holds the claim (claimedBy = workerId).
 */
export async function reconcileInterruptedSend(
  deps: PipelineDeps,
  campaign: CampaignForWork,
  email: Email,
  workerId: string,
): Promise<"sent" | "not-sent" | "failed"> {
  const { db, log } = deps;
  const provider = email.provider ?? "LOCAL_OUTBOX"; // claims made before the provider was recorded
  const transport = await deps.mail.byProvider(provider, campaign.userId);
  let found: Awaited<ReturnType<NonNullable<typeof transport>["findSent"]>> = "unknown";
  if (transport) {
    try {
      found = await transport.findSent({
        messageId: email.messageId,
        kind: "homeowner",
        userId: campaign.userId,
        emailId: email.id,
      });
    } catch (error) {
      if (!(error instanceof DeliveryError && error.kind === "gmail-revoked")) {
        // The provider could not be asked now: give the claim back (still SENDING) and retry later.
        await db.email.updateMany({
          where: { id: email.id, status: "SENDING", claimedBy: workerId },
          data: { claimExpiresAt: deps.now() },
        });
        throw error;
      }
    }
  }
  log.info({ emailId: email.id, provider, found }, "reconciled an interrupted send");

  if (found === null) return "not-sent";
  if (found === "unknown") {
    const reason =
      provider === "GMAIL"
        ? "Sending was interrupted while the email was being handed to Gmail, and Dripr cannot check whether Gmail sent it (it has permission to send, not to read your mailbox). Look for it in your Gmail Sent folder; it was not sent again to avoid a duplicate."
        : `Sending was interrupted and ${provider} cannot be asked whether it went out; it was not sent again to avoid a duplicate.`;
    await failCycle(deps, campaign, email, reason, workerId);
    return "failed";
  }
  const sentAt = deps.now();
  const recorded = await db.email.updateMany({
    where: { id: email.id, status: "SENDING", claimedBy: workerId },
    data: {
      status: "COMPLETE",
      providerMessageId: found.providerMessageId,
      sentAt,
      claimExpiresAt: null,
      error: null,
    },
  });
  if (recorded.count > 0) await finishSentCycle(deps, campaign, email, sentAt);
  return "sent";
}
