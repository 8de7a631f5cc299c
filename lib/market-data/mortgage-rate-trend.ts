import { queryRows } from "@/lib/db";
import { type MortgageRate, Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { MORTGAGE_SERIES } from "@/lib/market-data/mortgage-rate-source";
import { rememberRates, utcDayStart } from "@/lib/market-data/rates-memo";
import type { MortgageRateTrend } from "@/lib/market-data/types";

const DAY_MS = 86_400_000;
/** A `date` parameter as its UTC day: pg would send a Date in the process's local time zone. */
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** The latest stored rates published on or before `asOf`; null before the cron job has run. */
export function getMortgageRateTrend(db: PrismaClient, asOf: Date): Promise<MortgageRateTrend | null> {
  // Rates are dated by day (weekOf), so "on or before asOf" is "on or before asOf's day".
  const day = utcDayStart(asOf);
  return rememberRates(db, `trend:${day.toISOString()}`, () => readTrend(db, day));
}

async function readTrend(db: PrismaClient, asOf: Date): Promise<MortgageRateTrend | null> {
  const since = new Date(asOf.getTime() - 70 * DAY_MS);
  // Raw (queryRows): the workers read it once a day, and Prisma's query compiler would be loaded for it.
  const rows = await queryRows<MortgageRate>(
    db,
    Prisma.sql`
    SELECT * FROM "MortgageRate"
    WHERE series = ANY(${Object.values(MORTGAGE_SERIES)}::text[]) AND "weekOf" <= ${isoDay(asOf)}::date AND "weekOf" >= ${isoDay(since)}::date
    ORDER BY "weekOf" DESC`,
  );
  const trendOf = (series: string) => {
    const weeks = rows.filter((r) => r.series === series);
    const latest = weeks[0];
    if (!latest) return null;
    const olderThan = (days: number) =>
      weeks.find((r) => r.weekOf.getTime() <= latest.weekOf.getTime() - days * DAY_MS);
    const change = (before: { ratePercent: number } | undefined) =>
      before ? Math.round((latest.ratePercent - before.ratePercent) * 100) / 100 : null;
    return {
      row: latest,
      trend: {
        ratePercent: latest.ratePercent,
        changeWeek: change(olderThan(6)),
        changeMonth: change(olderThan(27)),
      },
    };
  };
  const thirty = trendOf(MORTGAGE_SERIES.thirtyYear);
  if (!thirty) return null;
  return {
    weekOf: thirty.row.weekOf.toISOString().slice(0, 10),
    source: thirty.row.source,
    thirtyYear: thirty.trend,
    fifteenYear: trendOf(MORTGAGE_SERIES.fifteenYear)?.trend ?? null,
  };
}
