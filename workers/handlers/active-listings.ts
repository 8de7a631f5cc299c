import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import type { QueueHandler } from "@/lib/events/consume-queue";
import { marketDataHandler } from "./market-data-handler";

/** active-listings: on WAITING_FOR_DATA, the cycle's ACTIVE_LISTINGS artifact. */
export function active_listingsHandler(deps: PipelineDeps): QueueHandler<"active-listings"> {
  return marketDataHandler("ACTIVE_LISTINGS", deps);
}
