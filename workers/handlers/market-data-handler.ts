import { produceArtifact } from "@/lib/campaigns/artifacts/produce-artifact";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import type { QueueMessageContext } from "@/lib/events/consume-queue";
import type { QueueEnvelope } from "@/lib/events/topology";
import { type MarketArtifactKind, marketArtifactProducer } from "@/lib/market-data/market-artifact-producer";

/**
 * The four data queues' handler: on WAITING_FOR_DATA, the cycle's `kind` artifact. The four queues
 * get the same envelope (the WAITING_FOR_DATA event), typed here as one of them.
 */
export function marketDataHandler(
  kind: MarketArtifactKind,
  deps: PipelineDeps,
): (envelope: QueueEnvelope<"local-market-updates">, context: QueueMessageContext) => Promise<void> {
  return async (envelope, context) => {
    const outcome = await produceArtifact({
      db: deps.db,
      campaignId: envelope.campaignId,
      cycle: envelope.cycle,
      kind,
      expectedStatus: envelope.toStatus,
      lastAttempt: context.receiveCount >= context.maxReceiveCount,
      log: context.log,
      produce: marketArtifactProducer(kind, deps),
    });
    context.log.debug({ outcome, kind }, "artifact job handled");
  };
}
