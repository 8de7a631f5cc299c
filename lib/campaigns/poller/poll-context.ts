import type { AppConfig } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Logger } from "@/lib/logger";

/**
 * What one poller tick works with. `now` is fixed for the whole tick and decides what is due;
 * `clock` stamps each change when it happens (a tick can take seconds under load, and the timeline
 * and the stuck-campaign check read those stamps).
 */
export type PollContext = {
  db: PrismaClient;
  now: Date;
  clock: () => Date;
  pipeline: AppConfig["pipeline"];
  /**
   * Billing on (AppConfig.billing): only managed agents and agents whose subscription is active,
   * trialing or past due within the grace period start cycles (lib/billing/billing-gate.ts).
   * Undefined: billing off, nobody is gated.
   */
  billing: { pastDueGraceDays: number } | undefined;
  /** Most campaigns one step moves per tick; the next tick continues. */
  batchSize: number;
  log: Logger;
};

export const POLLER_ACTOR = "POLLER";
