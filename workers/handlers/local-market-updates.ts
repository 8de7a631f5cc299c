import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import type { QueueHandler } from "@/lib/events/consume-queue";
import { marketDataHandler } from "./market-data-handler";

/** local-market-updates: on WAITING_FOR_DATA, the cycle's LOCAL_MARKET artifact. */
export function local_market_updatesHandler(deps: PipelineDeps): QueueHandler<"local-market-updates"> {
  return marketDataHandler("LOCAL_MARKET", deps);
}
