import { MORTGAGE_RATES_JOB, runMortgageRatesJob } from "@/lib/cron/mortgage-rates-job";
import { runExclusive } from "@/lib/cron/run-exclusive";
import { disconnectDb, getDb } from "@/lib/db";
import { getConfig } from "@/lib/env";
import { logger } from "@/lib/logger";

/**
 * Runs the cron runtime's `mortgage-rates` job once (lib/cron/mortgage-rates-job.ts). `npm run dev`
 * runs it at every start, because the local stack has no cron runtime: without it local emails had no
 * rates section. A failure (FRED unreachable) is reported and does not stop the start: the emails then
 * leave that section out. To run it alone:
 *   npm run rates:refresh
 */

const log = logger.child({ job: MORTGAGE_RATES_JOB });
try {
  const config = getConfig();
  const ran = await runExclusive(config.databaseUrl, MORTGAGE_RATES_JOB, () =>
    runMortgageRatesJob(getDb(), config.vendors.fred, log),
  );
  if (!ran) log.info("the mortgage-rates job is already running elsewhere; skipped");
} catch (error) {
  log.warn({ err: error }, "mortgage rates not refreshed; emails leave the rates section out until they are");
} finally {
  await disconnectDb();
}
