import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { sendWelcomeEmail } from "@/lib/delivery/send-welcome-email";
import type { QueueHandler } from "@/lib/events/consume-queue";

/**
 * welcome-emails: on USER_CREATED, welcome the agent once (managed agents are skipped). While another
 * sender holds the welcome's claim, the message waits until that claim runs out, so a sender that
 * crashed is always followed up.
 */
export function welcome_emailsHandler(deps: PipelineDeps): QueueHandler<"welcome-emails"> {
  return async (envelope, context) => {
    const outcome = await sendWelcomeEmail(deps, envelope.userId);
    if (outcome.kind === "claimed-elsewhere") context.deferFor(outcome.retryInMs);
    context.log.info({ outcome, userId: envelope.userId }, "welcome email handled");
  };
}
