import { writingArtifactProducer } from "@/lib/ai/writing-artifact-producer";
import { produceArtifact } from "@/lib/campaigns/artifacts/produce-artifact";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import type { QueueHandler } from "@/lib/events/consume-queue";

/** home-report: the cycle's HOME_REPORT text (built-in writer as the last resort). */
export function home_reportHandler(deps: PipelineDeps): QueueHandler<"home-report"> {
  return async (envelope, context) => {
    const lastAttempt = context.receiveCount >= context.maxReceiveCount;
    const outcome = await produceArtifact({
      db: deps.db,
      campaignId: envelope.campaignId,
      cycle: envelope.cycle,
      kind: "HOME_REPORT",
      expectedStatus: envelope.toStatus,
      lastAttempt,
      log: context.log,
      produce: writingArtifactProducer("HOME_REPORT", deps, lastAttempt),
    });
    context.log.debug({ outcome, kind: "HOME_REPORT" }, "artifact job handled");
  };
}
