import type { MarketStats, Valuation } from "@/lib/market-data/types";

/** A zip's market as the writers and the email see it (Austin 78704, November 2026). */
export const TEST_MARKET: MarketStats = {
  zipCode: "78704",
  asOf: "2026-11-20",
  medianPrice: 430_500,
  medianPriceChangeMonthPct: 0.4,
  medianPriceChangeYearPct: 4.2,
  medianDaysOnMarket: 32,
  activeListings: 118,
  newListings: 27,
  medianPricePerSqft: 262,
  trend: "rising",
  history: [{ month: "2026-11", medianPrice: 430_500 }],
};

/** A valuation without comparables (a test adds its own). */
export const TEST_VALUATION: Valuation = {
  value: 452_000,
  rangeLow: 418_000,
  rangeHigh: 486_000,
  asOf: "2026-11-20",
  comparables: [],
};
