import { createVendorHttp, VendorError, type VendorHttpOptions } from "@/lib/clients/http/vendor-http";
import {
  type RentcastListing,
  type RentcastMarket,
  rentcastAvm,
  rentcastListings,
  rentcastMarket,
  rentcastProperties,
} from "@/lib/clients/rentcast/rentcast-schemas";
import type { Logger } from "@/lib/logger";
import type {
  Comparable,
  ListingSummary,
  MarketStats,
  PropertyToValue,
  Valuation,
} from "@/lib/market-data/types";
import {
  addDays,
  dollars,
  percentChange,
  shiftMonth,
  splitUsAddress,
  toIsoDay,
  toPropertyType,
  trendOf,
} from "@/lib/market-data/vendor-values";

/**
 * Rentcast (market statistics, listings, sales, valuations, property facts), mapped to our
 * normalised types. Limit: 20 requests/s per key; only 200 answers are billed, so callers cache.
 */

export type RentcastConfig = {
  apiKey: string;
  baseUrl: string;
  requestsPerSecond: number;
  timeoutMs: number;
  retries: number;
};

/** Recent sales are listings taken off the market within this many days. */
export const RECENT_SALE_DAYS = 90;
const LISTINGS_LIMIT = 20;
const SALES_LIMIT = 50;

export type PropertyFacts = {
  formattedAddress: string;
  propertyType: ListingSummary["propertyType"];
  bedrooms: number | null;
  bathrooms: number | null;
  squareFootage: number | null;
  yearBuilt: number | null;
  latitude: number | null;
  longitude: number | null;
  lastSaleDate: string | null;
  lastSalePrice: number | null;
  /** The most recent tax assessment's value. */
  assessedValue: number | null;
};

export type RentcastClient = ReturnType<typeof createRentcastClient>;

/** `overrides.sharedLimit`: the key's limit shared across processes (createSharedRateLimit). */
export function createRentcastClient(
  config: RentcastConfig,
  log: Logger,
  overrides: Partial<VendorHttpOptions> = {},
) {
  const http = createVendorHttp({
    vendor: "Rentcast",
    baseUrl: config.baseUrl,
    headers: { "X-Api-Key": config.apiKey },
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    requestsPerSecond: config.requestsPerSecond,
    quotaHeaders: ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"],
    log,
    ...overrides,
  });

  return {
    async getMarketStats(zipCode: string, day: string): Promise<MarketStats> {
      const market = await http.getJson(
        "/markets",
        { zipCode, dataType: "Sale", historyRange: 13 },
        rentcastMarket,
      );
      return toMarketStats(market, zipCode, day);
    },

    /** Homes for sale now, newest listing first. */
    async getActiveListings(zipCode: string, day: string): Promise<ListingSummary[]> {
      const listings = await http.getJson(
        "/listings/sale",
        { zipCode, status: "Active", limit: LISTINGS_LIMIT },
        rentcastListings,
      );
      return listings
        .map((l) => toListing(l, zipCode, day, false))
        .filter((l): l is ListingSummary => l !== null)
        .sort((a, b) => b.listedDate.localeCompare(a.listedDate));
    },

    /** Listings taken off the market (sold) in the last RECENT_SALE_DAYS days, latest first. */
    async getRecentSales(zipCode: string, day: string): Promise<ListingSummary[]> {
      const listings = await http.getJson(
        "/listings/sale",
        { zipCode, status: "Inactive", limit: SALES_LIMIT },
        rentcastListings,
      );
      const since = addDays(day, -RECENT_SALE_DAYS);
      return listings
        .map((l) => toListing(l, zipCode, day, true))
        .filter((l): l is ListingSummary => l?.soldDate != null && l.soldDate >= since && l.soldDate <= day)
        .sort((a, b) => (b.soldDate ?? "").localeCompare(a.soldDate ?? ""));
    },

    async getValuation(property: PropertyToValue, day: string): Promise<Valuation> {
      const avm = await http.getJson(
        "/avm/value",
        {
          address: oneLineAddress(property),
          bedrooms: property.bedrooms ?? undefined,
          bathrooms: property.bathrooms ?? undefined,
          squareFootage: property.squareFootage ?? undefined,
          compCount: 10,
        },
        rentcastAvm,
      );
      const value = dollars(avm.price);
      const comparables = avm.comparables
        .map((c): Comparable | null => {
          const listing = toListing(c, property.zipCode, day, c.status === "Inactive");
          return listing ? { ...listing, distanceMiles: Math.max(0, c.distance ?? 0) } : null;
        })
        .filter((c): c is Comparable => c !== null);
      return {
        value,
        // Keep the range around the value even if the vendor's rounding disagrees.
        rangeLow: Math.min(value, dollars(avm.priceRangeLow)),
        rangeHigh: Math.max(value, dollars(avm.priceRangeHigh)),
        asOf: day,
        comparables,
        subject: {
          propertyType: avm.subjectProperty?.propertyType
            ? toPropertyType(avm.subjectProperty.propertyType)
            : null,
          bedrooms: nonNegative(avm.subjectProperty?.bedrooms),
          bathrooms: nonNegative(avm.subjectProperty?.bathrooms),
          squareFootage: nonNegative(avm.subjectProperty?.squareFootage),
          yearBuilt: avm.subjectProperty?.yearBuilt ? Math.round(avm.subjectProperty.yearBuilt) : null,
          lastSaleDate: toIsoDay(avm.subjectProperty?.lastSaleDate),
          lastSalePrice: avm.subjectProperty?.lastSalePrice
            ? dollars(avm.subjectProperty.lastSalePrice)
            : null,
          latitude: avm.latitude ?? null,
          longitude: avm.longitude ?? null,
        },
      };
    },

    /** Public-record facts of one address; null when Rentcast does not know it. */
    async getPropertyFacts(property: PropertyToValue): Promise<PropertyFacts | null> {
      const found = await http.getJson(
        "/properties",
        { address: oneLineAddress(property) },
        rentcastProperties,
      );
      const p = found[0];
      if (!p) return null;
      const latestAssessment = Object.entries(p.taxAssessments ?? {}).sort(([a], [b]) =>
        b.localeCompare(a),
      )[0];
      return {
        formattedAddress: p.formattedAddress,
        propertyType: toPropertyType(p.propertyType),
        bedrooms: p.bedrooms ?? null,
        bathrooms: p.bathrooms ?? null,
        squareFootage: p.squareFootage ?? null,
        yearBuilt: p.yearBuilt ?? null,
        latitude: p.latitude ?? null,
        longitude: p.longitude ?? null,
        lastSaleDate: toIsoDay(p.lastSaleDate),
        lastSalePrice: p.lastSalePrice ?? null,
        assessedValue: latestAssessment?.[1].value ?? null,
      };
    },
  };
}

function nonNegative(value: number | null | undefined): number | null {
  return value === null || value === undefined || value < 0 ? null : value;
}

export function oneLineAddress(p: PropertyToValue): string {
  return `${p.addressLine1.trim()}, ${p.city.trim()}, ${p.state.trim().toUpperCase()} ${p.zipCode}`;
}

function toMarketStats(market: RentcastMarket, zipCode: string, day: string): MarketStats {
  const sale = market.saleData;
  if (sale.medianPrice <= 0)
    throw new VendorError(`Rentcast has no sale prices for ZIP ${zipCode}`, "Rentcast", 200, false);
  const month = (toIsoDay(sale.lastUpdatedDate) ?? day).slice(0, 7);
  const byMonth = new Map<string, number>();
  for (const [key, entry] of Object.entries(sale.history ?? {})) {
    if (/^\d{4}-\d{2}$/.test(key) && entry.medianPrice && entry.medianPrice > 0)
      byMonth.set(key, dollars(entry.medianPrice));
  }
  byMonth.set(month, dollars(sale.medianPrice));
  const history = [...byMonth.entries()]
    .filter(([m]) => m <= month)
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(-13)
    .map(([m, medianPrice]) => ({ month: m, medianPrice }));
  const monthPct = percentChange(sale.medianPrice, byMonth.get(shiftMonth(month, -1)));
  const yearPct = percentChange(sale.medianPrice, byMonth.get(shiftMonth(month, -12)));
  const activeListings = Math.max(0, Math.round(sale.totalListings));
  return {
    zipCode,
    asOf: day,
    medianPrice: dollars(sale.medianPrice),
    medianPriceChangeMonthPct: monthPct,
    medianPriceChangeYearPct: yearPct,
    medianDaysOnMarket: Math.max(0, sale.medianDaysOnMarket),
    activeListings,
    newListings: Math.min(activeListings, Math.max(0, Math.round(sale.newListings ?? 0))),
    medianPricePerSqft: Math.max(0, sale.medianPricePerSquareFoot ?? 0),
    trend: trendOf(yearPct, monthPct),
    history,
  };
}

/** A Rentcast listing as ours; null for one we cannot show (land without rooms, no address). */
function toListing(l: RentcastListing, zipCode: string, day: string, sold: boolean): ListingSummary | null {
  const parts = splitUsAddress(l.formattedAddress);
  const addressLine1 = l.addressLine1 ?? parts?.addressLine1;
  const city = l.city ?? parts?.city;
  const state = (l.state ?? parts?.state)?.toUpperCase();
  if (!addressLine1 || !city || !state || state.length !== 2 || l.bedrooms == null || l.price <= 0)
    return null;
  const soldDate = sold ? toIsoDay(l.removedDate) : null;
  const daysOnMarket = l.daysOnMarket == null ? null : Math.max(0, Math.round(l.daysOnMarket));
  const listedDate =
    toIsoDay(l.listedDate) ??
    (daysOnMarket === null ? (soldDate ?? day) : addDays(soldDate ?? day, -daysOnMarket));
  const zip = l.zipCode && /^\d{5}$/.test(l.zipCode) ? l.zipCode : (parts?.zipCode ?? zipCode);
  return {
    addressLine1,
    city,
    state,
    zipCode: zip,
    price: dollars(l.price),
    bedrooms: Math.max(0, Math.round(l.bedrooms)),
    bathrooms: Math.max(0, l.bathrooms ?? 0),
    squareFootage: l.squareFootage && l.squareFootage > 0 ? Math.round(l.squareFootage) : null,
    daysOnMarket,
    listedDate,
    soldDate,
    propertyType: toPropertyType(l.propertyType),
  };
}
