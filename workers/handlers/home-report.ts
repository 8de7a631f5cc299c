import { produceWrittenArtifact } from "@/lib/ai/produce-written-artifact";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import type { QueueHandler } from "@/lib/events/consume-queue";

/** home-report: the cycle's HOME_REPORT text (built-in writer as the last resort). */
export function home_reportHandler(deps: PipelineDeps): QueueHandler<"home-report"> {
  return async (envelope, context) => {
    const lastAttempt = context.receiveCount >= context.maxReceiveCount;
    const outcome = await produceWrittenArtifact({
      deps,
      kind: "HOME_REPORT",
      campaignId: envelope.campaignId,
      cycle: envelope.cycle,
      expectedStatus: envelope.toStatus,
      lastAttempt,
      log: context.log,
    });
    context.log.debug({ outcome, kind: "HOME_REPORT" }, "artifact job handled");
  };
}
