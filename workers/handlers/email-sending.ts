import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { holdNudgesUntil } from "@/lib/campaigns/poller/hold-nudges";
import { sendCycleEmail } from "@/lib/delivery/send-cycle-email";
import { MAX_VISIBILITY_SECONDS, type QueueHandler } from "@/lib/events/consume-queue";

/**
 * email-sending: on READY_TO_SEND_EMAIL, send the cycle's email exactly once. When it may not go yet
 * (sending window, Gmail budget, a provider's Retry-After) the message is kept invisible until then.
 */
export function email_sendingHandler(deps: PipelineDeps, workerId: string): QueueHandler<"email-sending"> {
  return async (envelope, context) => {
    const outcome = await sendCycleEmail(deps, envelope, workerId);
    // Every deferral is a receive; rather than let a long wait take the message to the dead-letter
    // queue, its last receive lets it go: the poller re-publishes the event of a campaign still
    // waiting in READY_TO_SEND_EMAIL (nudgeStuckCampaigns), and the email is in the database.
    if (outcome.kind === "deferred" && context.receiveCount < context.maxReceiveCount - 1) {
      context.deferFor(outcome.delayMs);
      // The message comes back by itself: no re-published copy is needed before then.
      await holdNudgesUntil(
        deps.db,
        { campaignId: envelope.campaignId, cycle: envelope.cycle, status: envelope.toStatus },
        new Date(deps.now().getTime() + Math.min(outcome.delayMs, MAX_VISIBILITY_SECONDS * 1000)),
      );
    }
    context.log.info({ outcome }, "email sending handled");
  };
}
