import { produceWrittenArtifact } from "@/lib/ai/produce-written-artifact";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import type { QueueHandler } from "@/lib/events/consume-queue";

/** intro: the cycle's INTRO text (built-in writer as the last resort). */
export function introHandler(deps: PipelineDeps): QueueHandler<"intro"> {
  return async (envelope, context) => {
    const lastAttempt = context.receiveCount >= context.maxReceiveCount;
    const outcome = await produceWrittenArtifact({
      deps,
      kind: "INTRO",
      campaignId: envelope.campaignId,
      cycle: envelope.cycle,
      expectedStatus: envelope.toStatus,
      lastAttempt,
      log: context.log,
    });
    context.log.debug({ outcome, kind: "INTRO" }, "artifact job handled");
  };
}
