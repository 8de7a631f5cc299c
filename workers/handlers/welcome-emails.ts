import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { sendWelcomeEmail } from "@/lib/delivery/send-welcome-email";
import type { QueueHandler } from "@/lib/events/consume-queue";

/** welcome-emails: on USER_CREATED, welcome the agent once (managed agents are skipped). */
export function welcome_emailsHandler(deps: PipelineDeps): QueueHandler<"welcome-emails"> {
  return async (envelope, context) => {
    const outcome = await sendWelcomeEmail(deps, envelope.userId);
    context.log.info({ outcome, userId: envelope.userId }, "welcome email handled");
  };
}
