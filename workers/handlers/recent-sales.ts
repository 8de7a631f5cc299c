import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import type { QueueHandler } from "@/lib/events/consume-queue";
import { marketDataHandler } from "./market-data-handler";

/** recent-sales: on WAITING_FOR_DATA, the cycle's RECENT_SALES artifact. */
export function recent_salesHandler(deps: PipelineDeps): QueueHandler<"recent-sales"> {
  return marketDataHandler("RECENT_SALES", deps);
}
