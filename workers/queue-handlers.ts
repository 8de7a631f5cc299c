import { hostname } from "node:os";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import type { WorkerRole } from "@/lib/env";
import type { QueueHandler } from "@/lib/events/consume-queue";
import type { QueueKey } from "@/lib/events/topology";
import { active_listingsHandler } from "@/workers/handlers/active-listings";
import { email_creationHandler } from "@/workers/handlers/email-creation";
import { email_sendingHandler } from "@/workers/handlers/email-sending";
import { home_reportHandler } from "@/workers/handlers/home-report";
import { introHandler } from "@/workers/handlers/intro";
import { local_market_updatesHandler } from "@/workers/handlers/local-market-updates";
import { property_valuationHandler } from "@/workers/handlers/property-valuation";
import { recent_salesHandler } from "@/workers/handlers/recent-sales";
import { welcome_emailsHandler } from "@/workers/handlers/welcome-emails";

/** Which WORKER_ROLES entry runs each queue's consumer. */
export const QUEUE_ROLES: Record<QueueKey, WorkerRole> = {
  "local-market-updates": "data",
  "active-listings": "data",
  "recent-sales": "data",
  "property-valuation": "data",
  intro: "ai",
  "home-report": "ai",
  "email-creation": "email",
  "email-sending": "email",
  "welcome-emails": "email",
};

/** Identifies this process in email claims (`claimedBy`). */
export const WORKER_ID = `${hostname()}:${process.pid}`;

export function createQueueHandler<K extends QueueKey>(key: K, deps: PipelineDeps): QueueHandler<K> {
  const handlers: { [Q in QueueKey]: () => QueueHandler<Q> } = {
    "local-market-updates": () => local_market_updatesHandler(deps),
    "active-listings": () => active_listingsHandler(deps),
    "recent-sales": () => recent_salesHandler(deps),
    "property-valuation": () => property_valuationHandler(deps),
    intro: () => introHandler(deps),
    "home-report": () => home_reportHandler(deps),
    "email-creation": () => email_creationHandler(deps),
    "email-sending": () => email_sendingHandler(deps, WORKER_ID),
    "welcome-emails": () => welcome_emailsHandler(deps),
  };
  return handlers[key]();
}
