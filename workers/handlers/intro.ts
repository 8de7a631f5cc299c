import { writingArtifactProducer } from "@/lib/ai/writing-artifact-producer";
import { produceArtifact } from "@/lib/campaigns/artifacts/produce-artifact";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import type { QueueHandler } from "@/lib/events/consume-queue";

/** intro: the cycle's INTRO text (built-in writer as the last resort). */
export function introHandler(deps: PipelineDeps): QueueHandler<"intro"> {
  return async (envelope, context) => {
    const lastAttempt = context.receiveCount >= context.maxReceiveCount;
    const outcome = await produceArtifact({
      db: deps.db,
      campaignId: envelope.campaignId,
      cycle: envelope.cycle,
      kind: "INTRO",
      expectedStatus: envelope.toStatus,
      lastAttempt,
      log: context.log,
      produce: writingArtifactProducer("INTRO", deps, lastAttempt),
    });
    context.log.debug({ outcome, kind: "INTRO" }, "artifact job handled");
  };
}
