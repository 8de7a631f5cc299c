import { produceArtifact } from "@/lib/campaigns/artifacts/produce-artifact";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import type { QueueHandler } from "@/lib/events/consume-queue";
import { marketArtifactProducer } from "@/lib/market-data/market-artifact-producer";

/** recent-sales: on WAITING_FOR_DATA, the cycle's RECENT_SALES artifact. */
export function recent_salesHandler(deps: PipelineDeps): QueueHandler<"recent-sales"> {
  return async (envelope, context) => {
    const outcome = await produceArtifact({
      db: deps.db,
      campaignId: envelope.campaignId,
      cycle: envelope.cycle,
      kind: "RECENT_SALES",
      expectedStatus: envelope.toStatus,
      lastAttempt: context.receiveCount >= context.maxReceiveCount,
      log: context.log,
      produce: marketArtifactProducer("RECENT_SALES", deps),
    });
    context.log.debug({ outcome, kind: "RECENT_SALES" }, "artifact job handled");
  };
}
