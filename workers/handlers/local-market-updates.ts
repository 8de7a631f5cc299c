import { produceArtifact } from "@/lib/campaigns/artifacts/produce-artifact";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import type { QueueHandler } from "@/lib/events/consume-queue";
import { marketArtifactProducer } from "@/lib/market-data/market-artifact-producer";

/** local-market-updates: on WAITING_FOR_DATA, the cycle's LOCAL_MARKET artifact. */
export function local_market_updatesHandler(deps: PipelineDeps): QueueHandler<"local-market-updates"> {
  return async (envelope, context) => {
    const outcome = await produceArtifact({
      db: deps.db,
      campaignId: envelope.campaignId,
      cycle: envelope.cycle,
      kind: "LOCAL_MARKET",
      expectedStatus: envelope.toStatus,
      lastAttempt: context.receiveCount >= context.maxReceiveCount,
      log: context.log,
      produce: marketArtifactProducer("LOCAL_MARKET", deps),
    });
    context.log.debug({ outcome, kind: "LOCAL_MARKET" }, "artifact job handled");
  };
}
