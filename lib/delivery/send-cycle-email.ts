import type { CampaignForWork } from "@/lib/campaigns/artifacts/produce-artifact";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { schedulingSettingsFor } from "@/lib/campaigns/scheduling-settings";
import { loadCampaignForWork } from "@/lib/campaigns/work-batches";
import { DeliveryError } from "@/lib/delivery/delivery-error";
import { cancelCycle, failCycle, finishSentCycle } from "@/lib/delivery/end-cycle";
import { markGmailRevoked } from "@/lib/delivery/gmail-connection/mark-gmail-revoked";
import { homeownerMessage } from "@/lib/delivery/homeowner-message";
import type { AgentRoute } from "@/lib/delivery/mail-router";
import { reconcileInterruptedSend } from "@/lib/delivery/reconcile-interrupted-send";
import { returnSendToken, takeSendToken } from "@/lib/delivery/send-budget";
import {
  claimEmailForSending,
  loadCycleEmail,
  recheckBeforeSending,
  recordEmailSent,
  type SendingStopped,
} from "@/lib/delivery/send-claims";
import { sendWithRetries } from "@/lib/delivery/send-with-retries";
import type { Email } from "@/lib/generated/prisma/client";
import { maySendNow } from "@/lib/scheduling/may-send-now";

export type SendOutcome =
  | {
      kind: "sent" | "reconciled" | "stale" | "already-done" | "claimed-elsewhere" | "canceled" | "failed";
    }
  | { kind: "deferred"; delayMs: number; reason: string };

/**
 * The email-sending consumer's work (DESIGN.md §7): never send twice, never lose one.
 *
 * 1. The email is claimed (READY → SENDING with a lease, the chosen provider recorded) before any
 *    provider is called. An email found in SENDING with an expired lease belonged to a sender that
 *    crashed or failed ambiguously: the provider it used is asked whether the message went out
 *    (reconcile-interrupted-send.ts) before anything is sent again.
 * 2. Suppression, the campaign being enabled and not unsubscribed are checked in the claim itself
 *    (send-claims.ts) and again before every retry and before a fallback send: unsubscribing or
 *    disabling cancels only READY emails, so an email already SENDING is canceled here instead.
 *    Outside the sending window (or over the agent's Gmail budget) the outcome is `deferred` with
 *    the wait: the consumer keeps the SQS message invisible until then instead of sleeping.
 * 3. The message goes through the agent's route (mail-router.ts) with our own Message-ID. Transient
 *    refusals are retried with backoff; a revoked Gmail grant marks the connection REVOKED and the
 *    same email goes through Postmark at once (Gmail accepted nothing); a permanent refusal marks the
 *    email FAILED with the reason.
 * 4. The provider id is recorded (COMPLETE, sentAt) and the campaign returns to DORMANT with its next
 *    send date.
 */
export async function sendCycleEmail(
  deps: PipelineDeps,
  message: { campaignId: string; cycle: number },
  workerId: string,
): Promise<SendOutcome> {
  const { db } = deps;
  const now = deps.now();
  const campaign = await loadCampaignForWork(db, message.campaignId);
  if (campaign?.status !== "READY_TO_SEND_EMAIL" || campaign.cycle !== message.cycle)
    return { kind: "stale" };
  const email = await loadCycleEmail(db, { campaignId: campaign.id, cycle: campaign.cycle });
  if (!email) return { kind: "stale" };
  if (email.status === "COMPLETE") {
    await finishSentCycle(deps, campaign, email, email.sentAt ?? now);
    return { kind: "already-done" };
  }
  if (email.status === "FAILED") {
    await failCycle(deps, campaign, email, email.error ?? "sending failed", null);
    return { kind: "failed" };
  }
  if (email.status !== "READY" && email.status !== "SENDING") return { kind: "stale" };
  if (email.status === "SENDING" && email.claimExpiresAt && email.claimExpiresAt > now)
    return { kind: "claimed-elsewhere" };
  if (email.approvalStatus === "PENDING" || email.approvalStatus === "REJECTED") return { kind: "stale" };

  let held = false;
  if (email.status === "SENDING") {
    // Take over the expired claim, then find out whether the previous sender got through.
    const taken = await db.email.updateMany({
      where: { id: email.id, status: "SENDING", claimedBy: email.claimedBy, claimExpiresAt: { lt: now } },
      data: { claimedBy: workerId, claimExpiresAt: leaseEnd(deps) },
    });
    if (taken.count === 0) return { kind: "claimed-elsewhere" };
    held = true;
    const verdict = await reconcileInterruptedSend(deps, campaign, email, workerId);
    if (verdict === "sent") return { kind: "reconciled" };
    if (verdict === "failed") return { kind: "failed" };
  }

  const blocked = !campaign.enabled
    ? "campaign disabled"
    : campaign.unsubscribedAt
      ? "homeowner unsubscribed"
      : null;
  if (blocked) {
    await cancelCycle(deps, campaign, email, blocked, held ? workerId : null);
    return { kind: "canceled" };
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
    if (held) await release(deps, email, workerId, null);
    const notBefore = "notBefore" in verdict ? verdict.notBefore.getTime() : now.getTime() + 60_000;
    return { kind: "deferred", delayMs: Math.max(1_000, notBefore - now.getTime()), reason: verdict.reason };
  }

  let route = await deps.mail.forAgent(campaign.user);
  const claimed = await claimEmailForSending(db, {
    emailId: email.id,
    workerId,
    held,
    leaseEnd: leaseEnd(deps),
    provider: route.transport.name,
    fallbackReason: route.fallbackReason,
  });
  if (!claimed) {
    // Refused: someone else has it, or the address or campaign stopped it (the claim checks both).
    const stopped = await recheckBeforeSending(db, { emailId: email.id, workerId: held ? workerId : null });
    return stop(deps, campaign, email, held ? workerId : null, stopped ?? { kind: "claim-lost" });
  }
  const beforeRetry = async () => {
    const stopped = await recheckBeforeSending(db, { emailId: email.id, workerId });
    if (stopped) throw new SendStopped(stopped);
  };

  if (route.budget) {
    const token = await takeSendToken(db, route.budget, deps.now());
    if (!token.ok) {
      await release(deps, email, workerId, "waiting for the agent's Gmail sending budget");
      return { kind: "deferred", delayMs: Math.max(1_000, token.retryAfterMs), reason: "GMAIL_BUDGET" };
    }
  }

  let providerMessageId: string;
  try {
    try {
      ({ providerMessageId } = await sendWithRetries(
        route.transport,
        await homeownerMessage(deps, campaign, email, route),
        deps.log,
        { beforeRetry, policy: deps.config.delivery.retryPolicy },
      ));
    } catch (error) {
      if (!(error instanceof DeliveryError) || error.kind !== "gmail-revoked") throw error;
      // Gmail accepted nothing: record why, and send the same email through the fallback now.
      await markGmailRevoked(db, campaign.userId, error.message, deps.now());
      if (route.budget) await returnSendToken(db, route.budget);
      deps.log.warn({ err: error, userId: campaign.userId }, "Gmail grant no longer works; falling back");
      route = await deps.mail.forAgent(campaign.user);
      await db.email.updateMany({
        where: { id: email.id, status: "SENDING", claimedBy: workerId },
        data: { provider: route.transport.name, fallbackReason: route.fallbackReason },
      });
      await beforeRetry();
      ({ providerMessageId } = await sendWithRetries(
        route.transport,
        await homeownerMessage(deps, campaign, email, route),
        deps.log,
        { beforeRetry, policy: deps.config.delivery.retryPolicy },
      ));
    }
  } catch (error) {
    if (error instanceof SendStopped) {
      if (route.budget) await returnSendToken(db, route.budget);
      return stop(deps, campaign, email, workerId, error.stopped);
    }
    return handleSendError(deps, campaign, email, route, workerId, error);
  }

  const sentAt = deps.now();
  const recorded = await recordEmailSent(db, { emailId: email.id, workerId, providerMessageId, sentAt });
  if (!recorded) return { kind: "claimed-elsewhere" }; // our lease ran out; the new owner reconciles
  await finishSentCycle(
    deps,
    campaign,
    { ...email, provider: route.transport.name, fallbackReason: route.fallbackReason },
    sentAt,
  );
  return { kind: "sent" };
}

async function handleSendError(
  deps: PipelineDeps,
  campaign: CampaignForWork,
  email: Email,
  route: AgentRoute,
  workerId: string,
  error: unknown,
): Promise<SendOutcome> {
  const failure =
    error instanceof DeliveryError
      ? error
      : new DeliveryError("transient", String(error), { ambiguous: false, cause: error });
  if (failure.kind === "permanent") {
    deps.log.warn({ err: failure, emailId: email.id }, "provider refused the email for good");
    await failCycle(deps, campaign, email, failure.message, workerId);
    return { kind: "failed" };
  }
  if (failure.ambiguous) {
    // The provider may have the message: keep SENDING with an expired lease, so the next attempt
    // asks the provider first (reconcile) instead of sending a second copy.
    await deps.db.email.updateMany({
      where: { id: email.id, status: "SENDING", claimedBy: workerId },
      data: { claimExpiresAt: deps.now(), error: failure.message.slice(0, 1000) },
    });
  } else {
    await release(deps, email, workerId, failure.message);
    if (route.budget) await returnSendToken(deps.db, route.budget);
    const retryAfterMs = failure.retryAfterMs;
    if (retryAfterMs) return { kind: "deferred", delayMs: retryAfterMs, reason: failure.message };
  }
  throw failure;
}

/** Back to READY: nothing reached the provider (or reconciliation proved it did not). */
async function release(deps: PipelineDeps, email: Email, workerId: string, error: string | null) {
  await deps.db.email.updateMany({
    where: { id: email.id, status: "SENDING", claimedBy: workerId },
    data: {
      status: "READY",
      claimedBy: null,
      claimExpiresAt: null,
      ...(error ? { error: error.slice(0, 1000) } : {}),
    },
  });
}

/** A re-check said no: the email is canceled (blocked), or left to whoever holds it now. */
class SendStopped extends Error {
  constructor(readonly stopped: SendingStopped) {
    super(stopped.kind === "blocked" ? stopped.reason : "the claim was taken over");
    this.name = "SendStopped";
  }
}

async function stop(
  deps: PipelineDeps,
  campaign: CampaignForWork,
  email: Email,
  heldBy: string | null,
  stopped: SendingStopped,
): Promise<SendOutcome> {
  if (stopped.kind === "claim-lost") return { kind: "claimed-elsewhere" };
  await cancelCycle(deps, campaign, email, stopped.reason, heldBy);
  return { kind: "canceled" };
}

function leaseEnd(deps: PipelineDeps): Date {
  return new Date(deps.now().getTime() + deps.config.pipeline.sendLeaseMs);
}
