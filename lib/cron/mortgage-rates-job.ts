import type { AppConfig } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Logger } from "@/lib/logger";
import { createMortgageRateSource } from "@/lib/market-data/mortgage-rate-source";
import { refreshMortgageRates } from "@/lib/market-data/refresh-mortgage-rates";

/** The cron job's name, also its advisory lock: a start-up run and a cron run never overlap. */
export const MORTGAGE_RATES_JOB = "mortgage-rates";

/**
 * The `mortgage-rates` job (DESIGN.md §2): this week's rates from FRED when FRED_API_KEY is set, else
 * sample rates labelled `sample` (which never overwrite real ones). Run every 6 hours by the cron
 * runtime, and once when `npm run dev` starts (scripts/refresh-mortgage-rates.ts), so local emails
 * have the rates section from the first cycle on.
 */
export async function runMortgageRatesJob(
  db: PrismaClient,
  fred: AppConfig["vendors"]["fred"],
  log: Logger,
): Promise<void> {
  const source = createMortgageRateSource(fred, log);
  log.info(
    { source: source.source, ...(await refreshMortgageRates(db, source)) },
    "mortgage rates refreshed",
  );
}
