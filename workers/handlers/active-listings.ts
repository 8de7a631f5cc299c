import { produceArtifact } from "@/lib/campaigns/artifacts/produce-artifact";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import type { QueueHandler } from "@/lib/events/consume-queue";
import { marketArtifactProducer } from "@/lib/market-data/market-artifact-producer";

/** active-listings: on WAITING_FOR_DATA, the cycle's ACTIVE_LISTINGS artifact. */
export function active_listingsHandler(deps: PipelineDeps): QueueHandler<"active-listings"> {
  return async (envelope, context) => {
    const outcome = await produceArtifact({
      db: deps.db,
      campaignId: envelope.campaignId,
      cycle: envelope.cycle,
      kind: "ACTIVE_LISTINGS",
      expectedStatus: envelope.toStatus,
      lastAttempt: context.receiveCount >= context.maxReceiveCount,
      log: context.log,
      produce: marketArtifactProducer("ACTIVE_LISTINGS", deps),
    });
    context.log.debug({ outcome, kind: "ACTIVE_LISTINGS" }, "artifact job handled");
  };
}
