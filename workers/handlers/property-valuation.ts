import { produceArtifact } from "@/lib/campaigns/artifacts/produce-artifact";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import type { QueueHandler } from "@/lib/events/consume-queue";
import { marketArtifactProducer } from "@/lib/market-data/market-artifact-producer";

/** property-valuation: on WAITING_FOR_DATA, the cycle's PROPERTY_VALUATION artifact. */
export function property_valuationHandler(deps: PipelineDeps): QueueHandler<"property-valuation"> {
  return async (envelope, context) => {
    const outcome = await produceArtifact({
      db: deps.db,
      campaignId: envelope.campaignId,
      cycle: envelope.cycle,
      kind: "PROPERTY_VALUATION",
      expectedStatus: envelope.toStatus,
      lastAttempt: context.receiveCount >= context.maxReceiveCount,
      log: context.log,
      produce: marketArtifactProducer("PROPERTY_VALUATION", deps),
    });
    context.log.debug({ outcome, kind: "PROPERTY_VALUATION" }, "artifact job handled");
  };
}
