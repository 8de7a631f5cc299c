import type { AppConfig } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Logger } from "@/lib/logger";

/** What one poller tick works with; `now` is fixed for the whole tick. */
export type PollContext = {
  db: PrismaClient;
  now: Date;
  pipeline: AppConfig["pipeline"];
  /** Billing on: only agents with an active/trialing subscription, or managed agents, get sends. */
  billingEnforced: boolean;
  /** Most campaigns one step moves per tick; the next tick continues. */
  batchSize: number;
  log: Logger;
};

export const POLLER_ACTOR = "POLLER";
