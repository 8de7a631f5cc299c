import type { PrismaClient } from "@/lib/generated/prisma/client";
import { MORTGAGE_SERIES, type MortgageRateSource } from "@/lib/market-data/mortgage-rate-source";
import { forgetRates } from "@/lib/market-data/rates-memo";

/** Enough weeks for the month-over-month change, plus a margin for a missed publication. */
const WEEKS = 8;

/**
 * The cron job: stores the latest weekly 30- and 15-year rates (idempotent per series and week; a
 * revised value replaces the stored one). Sample rates never overwrite real ones.
 */
export async function refreshMortgageRates(
  db: PrismaClient,
  source: MortgageRateSource,
): Promise<{ stored: number; latest: Record<string, string | null> }> {
  let stored = 0;
  const latest: Record<string, string | null> = {};
  for (const series of Object.values(MORTGAGE_SERIES)) {
    const rates = await source.getWeeklyRates(series, WEEKS);
    latest[series] = rates[0]?.weekOf ?? null;
    for (const rate of rates) {
      const weekOf = new Date(`${rate.weekOf}T00:00:00Z`);
      const created = await db.mortgageRate.createMany({
        data: [{ series, weekOf, ratePercent: rate.ratePercent, source: source.source }],
        skipDuplicates: true,
      });
      if (created.count === 0 && source.source !== "sample") {
        await db.mortgageRate.updateMany({
          where: { series, weekOf, OR: [{ ratePercent: { not: rate.ratePercent } }, { source: "sample" }] },
          data: { ratePercent: rate.ratePercent, source: source.source },
        });
      }
      stored += created.count;
    }
  }
  if (stored > 0) forgetRates(db);
  return { stored, latest };
}
