import { createFredClient, type FredConfig } from "@/lib/clients/fred/fred-client";
import type { Logger } from "@/lib/logger";
import { signedNoise } from "@/lib/market-data/sample-random";

/** The weekly series we keep (Freddie Mac's Primary Mortgage Market Survey, on FRED). */
export const MORTGAGE_SERIES = { thirtyYear: "MORTGAGE30US", fifteenYear: "MORTGAGE15US" } as const;
export type MortgageSeries = (typeof MORTGAGE_SERIES)[keyof typeof MORTGAGE_SERIES];

export type WeeklyRate = { weekOf: string; ratePercent: number };

/** Where weekly rates come from: FRED with a key, else clearly labelled sample rates (local mode). */
export interface MortgageRateSource {
  readonly source: string;
  /** The latest `weeks` published weeks, newest first. */
  getWeeklyRates(series: MortgageSeries, weeks: number): Promise<WeeklyRate[]>;
}

export function createMortgageRateSource(fred: FredConfig | null, log: Logger): MortgageRateSource {
  if (!fred) return sampleMortgageRates(() => new Date());
  const client = createFredClient(fred, log.child({ vendor: "fred" }));
  return {
    source: "fred",
    async getWeeklyRates(series, weeks) {
      const observations = await client.getObservations(series, weeks);
      return observations.map((o) => ({ weekOf: o.date, ratePercent: o.value }));
    },
  };
}

/** Plausible, deterministic rates on Thursdays (the survey's publication day) up to `now`. */
export function sampleMortgageRates(now: () => Date): MortgageRateSource {
  return {
    source: "sample",
    async getWeeklyRates(series, weeks) {
      const today = now();
      const back = (today.getUTCDay() - 4 + 7) % 7;
      const latest = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - back);
      const base = series === MORTGAGE_SERIES.thirtyYear ? 6.6 : 5.8;
      return Array.from({ length: weeks }, (_, i) => {
        const weekOf = new Date(latest - i * 7 * 86_400_000).toISOString().slice(0, 10);
        const week = Math.floor(Date.parse(weekOf) / (7 * 86_400_000));
        const drift = 0.35 * Math.sin(week / 9) + 0.06 * signedNoise(`${series}:${weekOf}`);
        return { weekOf, ratePercent: Math.round((base + drift) * 100) / 100 };
      });
    },
  };
}
