import { z } from "zod";

/**
 * Normalised market and property data (DESIGN.md §4). Every provider (Rentcast, Zillow, the local
 * sample) maps its vendor's shape to these, and the same schemas parse the JSON payloads stored on
 * `ZipMarketData` and `CampaignArtifact` rows back into typed values. Calendar dates are ISO strings
 * (`YYYY-MM-DD`), never `Date`, so a payload round-trips through JSON unchanged. Money is whole US
 * dollars.
 */

/** A calendar day, `YYYY-MM-DD` (zip-level data is cached per zip and day). */
export const isoDay = z.iso.date();
/** A calendar month, `YYYY-MM`. */
export const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Expected YYYY-MM");
export const usZipCode = z.string().regex(/^\d{5}$/, "Expected a 5-digit ZIP code");

const dollars = z.number().int().nonnegative();

export const marketTrend = z.enum(["rising", "falling", "steady"]);
export type MarketTrend = z.infer<typeof marketTrend>;

const seriesTrend = z.object({
  ratePercent: z.number(),
  /** Percentage points since the previous week's survey; null without it. */
  changeWeek: z.number().nullable(),
  /** Percentage points since the survey about four weeks earlier; null without it. */
  changeMonth: z.number().nullable(),
});

/** This week's rates and their change, as the email shows them ("6.84%, down 0.05 since last week"). */
export const mortgageRateTrend = z.object({
  weekOf: z.iso.date(),
  /** "fred" (Freddie Mac PMMS via FRED; credit it in the email) or "sample". */
  source: z.string(),
  thirtyYear: seriesTrend,
  fifteenYear: seriesTrend.nullable(),
});
export type MortgageRateTrend = z.infer<typeof mortgageRateTrend>;

/** Sale-market statistics of one zip code on one day (Rentcast `/markets` `saleData`, normalised). */
export const marketStats = z.object({
  zipCode: usZipCode,
  asOf: isoDay,
  medianPrice: dollars,
  /** Percent, one decimal (1.4 = +1.4 %); null when the vendor has no previous month. */
  medianPriceChangeMonthPct: z.number().nullable(),
  medianPriceChangeYearPct: z.number().nullable(),
  medianDaysOnMarket: z.number().nonnegative(),
  /** Inventory: homes for sale now. */
  activeListings: z.number().int().nonnegative(),
  /** Listings that came on the market in the last month. */
  newListings: z.number().int().nonnegative(),
  medianPricePerSqft: z.number().nonnegative(),
  trend: marketTrend,
  /** Oldest first; the last entry is the month of `asOf`. */
  history: z.array(z.object({ month: yearMonth, medianPrice: dollars })),
  /**
   * This week's mortgage rates and their change, added to a cycle's LOCAL_MARKET artifact (not to the
   * shared zip cache: rates are national); absent before the rates cron job has run.
   */
  mortgageRates: mortgageRateTrend.nullish(),
});
export type MarketStats = z.infer<typeof marketStats>;

export const propertyType = z.enum([
  "single_family",
  "condo",
  "townhouse",
  "multi_family",
  "manufactured",
  "other",
]);
export type PropertyType = z.infer<typeof propertyType>;

export const PROPERTY_TYPE_LABELS: Record<PropertyType, string> = {
  single_family: "Single family",
  condo: "Condo",
  townhouse: "Townhouse",
  multi_family: "Multi-family",
  manufactured: "Manufactured",
  other: "Home",
};

/** One home for sale (`soldDate` null) or recently sold (`price` is then the sale price). */
export const listingSummary = z.object({
  addressLine1: z.string().min(1),
  city: z.string().min(1),
  state: z.string().length(2),
  zipCode: usZipCode,
  price: dollars,
  bedrooms: z.number().int().nonnegative(),
  /** Half baths count as .5 (2.5). */
  bathrooms: z.number().nonnegative(),
  squareFootage: z.number().int().positive().nullable(),
  daysOnMarket: z.number().int().nonnegative().nullable(),
  listedDate: isoDay,
  soldDate: isoDay.nullable(),
  propertyType,
});
export type ListingSummary = z.infer<typeof listingSummary>;

/** A comparable the valuation was based on (Rentcast AVM `comparables[]`). */
export const comparable = listingSummary.extend({ distanceMiles: z.number().nonnegative() });
export type Comparable = z.infer<typeof comparable>;

/** An automated valuation of one home: the estimate and its likely range (Rentcast: an 85 % interval). */
export const valuation = z
  .object({
    value: dollars,
    rangeLow: dollars,
    rangeHigh: dollars,
    asOf: isoDay,
    comparables: z.array(comparable),
    /**
     * What the vendor knows about the home itself (Rentcast's `subjectProperty`, with the coordinates
     * it geocoded from the address); absent from sample data.
     */
    subject: z
      .object({
        propertyType: propertyType.nullable(),
        bedrooms: z.number().nonnegative().nullable(),
        bathrooms: z.number().nonnegative().nullable(),
        squareFootage: z.number().nonnegative().nullable(),
        yearBuilt: z.number().int().nullable(),
        lastSaleDate: isoDay.nullable(),
        lastSalePrice: dollars.nullable(),
        latitude: z.number().nullable(),
        longitude: z.number().nullable(),
      })
      .nullish(),
  })
  .refine((v) => v.rangeLow <= v.value && v.value <= v.rangeHigh, {
    message: "Expected rangeLow ≤ value ≤ rangeHigh",
  });
export type Valuation = z.infer<typeof valuation>;

/** A result and where it came from ("rentcast", "zillow-v2"…), for providers with fallbacks. */
export type Sourced<T> = { data: T; source: string };

/** The home to value. Facts the campaign does not know are left out (or null). */
export type PropertyToValue = {
  addressLine1: string;
  city: string;
  state: string;
  zipCode: string;
  bedrooms?: number | null;
  bathrooms?: number | null;
  squareFootage?: number | null;
  /** What the homeowner paid and when (`YYYY-MM-DD`): the sample provider grows its value from them. */
  purchasePrice?: number | null;
  purchaseDate?: string | null;
};

/**
 * Where market data comes from. Implementations: the local sample provider (`source = "sample"`) and
 * the vendor provider (Rentcast, with Zillow for listings and sales when configured). Zip-level calls
 * are cached by the caller per (zip, day) (fetch-zip-data.ts), so a provider need not cache. `day` is
 * the cache day, `YYYY-MM-DD`; results describe the market as of that day. Methods reject on upstream
 * failure; the caller records the error and retries.
 */
export interface MarketDataProvider {
  /** Recorded as the artifact's `source`: "sample", "rentcast"… */
  readonly source: string;
  getMarketStats(zipCode: string, day: string): Promise<MarketStats>;
  /** Homes for sale in the zip now, newest listing first. */
  getActiveListings(zipCode: string, day: string): Promise<ListingSummary[]>;
  /** Homes sold in the zip recently (about the last 60–90 days), most recent sale first. */
  getRecentSales(zipCode: string, day: string): Promise<ListingSummary[]>;
  getValuation(property: PropertyToValue, day: string): Promise<Valuation>;
  /** The same calls, saying which vendor answered; for providers with fallbacks between vendors. */
  readonly sourced?: SourcedMarketData;
}

export interface SourcedMarketData {
  getMarketStats(zipCode: string, day: string): Promise<Sourced<MarketStats>>;
  getActiveListings(zipCode: string, day: string): Promise<Sourced<ListingSummary[]>>;
  getRecentSales(zipCode: string, day: string): Promise<Sourced<ListingSummary[]>>;
  getValuation(property: PropertyToValue, day: string): Promise<Sourced<Valuation>>;
}

/** The provider's calls with their source: its own `sourced` calls, or `source` for every answer. */
export function sourcedCalls(provider: MarketDataProvider): SourcedMarketData {
  if (provider.sourced) return provider.sourced;
  const tag = async <T>(data: Promise<T>) => ({ data: await data, source: provider.source });
  return {
    getMarketStats: (zipCode, day) => tag(provider.getMarketStats(zipCode, day)),
    getActiveListings: (zipCode, day) => tag(provider.getActiveListings(zipCode, day)),
    getRecentSales: (zipCode, day) => tag(provider.getRecentSales(zipCode, day)),
    getValuation: (property, day) => tag(provider.getValuation(property, day)),
  };
}
