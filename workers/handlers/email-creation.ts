import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { createCycleEmail } from "@/lib/emails/create-cycle-email";
import type { QueueHandler } from "@/lib/events/consume-queue";

/** email-creation: on READY_TO_CREATE_EMAIL, render, store and schedule the cycle's email. */
export function email_creationHandler(deps: PipelineDeps): QueueHandler<"email-creation"> {
  return async (envelope, context) => {
    const outcome = await createCycleEmail(deps, envelope);
    context.log.info({ outcome }, "email creation handled");
  };
}
