import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { sendCycleEmail } from "@/lib/delivery/send-cycle-email";
import type { QueueHandler } from "@/lib/events/consume-queue";

/**
 * email-sending: on READY_TO_SEND_EMAIL, send the cycle's email exactly once. When it may not go yet
 * (sending window, Gmail budget, a provider's Retry-After) the message is kept invisible until then.
 */
export function email_sendingHandler(deps: PipelineDeps, workerId: string): QueueHandler<"email-sending"> {
  return async (envelope, context) => {
    const outcome = await sendCycleEmail(deps, envelope, workerId);
    if (outcome.kind === "deferred") context.deferFor(outcome.delayMs);
    context.log.info({ outcome }, "email sending handled");
  };
}
