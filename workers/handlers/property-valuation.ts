import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import type { QueueHandler } from "@/lib/events/consume-queue";
import { marketDataHandler } from "./market-data-handler";

/** property-valuation: on WAITING_FOR_DATA, the cycle's PROPERTY_VALUATION artifact. */
export function property_valuationHandler(deps: PipelineDeps): QueueHandler<"property-valuation"> {
  return marketDataHandler("PROPERTY_VALUATION", deps);
}
