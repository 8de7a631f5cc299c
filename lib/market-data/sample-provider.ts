import { placeForZip, STREET_NAMES, STREET_SUFFIXES } from "@/lib/market-data/sample-places";
import { areaPriceLevel } from "@/lib/market-data/sample-price-levels";
import { type Random, seededRandom, signedNoise } from "@/lib/market-data/sample-random";
import {
  type Comparable,
  isoDay,
  type ListingSummary,
  type MarketDataProvider,
  type MarketStats,
  type PropertyToValue,
  type PropertyType,
  usZipCode,
  type Valuation,
} from "@/lib/market-data/types";

/**
 * Local sample market data (DESIGN.md §9): plausible, varied and deterministic, with no network.
 * Every number derives from a hash of the zip (or address) and the day, so a rerun, another worker or
 * a benchmark sees the same data, and consecutive months move the way a real market does.
 *
 * Model: each zip has a price level around its area's typical home value (sample-price-levels.ts:
 * Montclair near $1M, Houston near $300k), a long-run growth (+2.5 … +5.5 % a year), a slow market
 * cycle around that trend (so this year's change ranges from falling to booming) and a seasonal swing
 * peaking in June; with a little per-month noise this keeps month-to-month changes within ±3 %.
 * Listings and sales are priced around the zip's level. A home's value is its purchase price grown
 * with its zip's market since the purchase, when the campaign knows both; otherwise the zip level
 * times a factor fixed by its address (and its size when known). Either way a homeowner's value moves
 * with their market from one email to the next.
 */

export const SAMPLE_SOURCE = "sample";

/** Month index of January 2026: the zip's base price is its level then (before seasonality). */
const BASE_MONTH = 2026 * 12;
const DAY_MS = 86_400_000;
const HISTORY_MONTHS = 13;

type ZipProfile = {
  /** The level in January 2026 (before seasonality). */
  basePrice: number;
  longRunGrowth: number;
  /** The market cycle around the long-run trend: log amplitude, period and phase. */
  cycleAmplitude: number;
  cycleMonths: number;
  cyclePhase: number;
  seasonalAmplitude: number;
  typicalSqft: number;
  daysOnMarket: number;
  inventory: number;
};

export function createSampleMarketDataProvider(): MarketDataProvider {
  return {
    source: SAMPLE_SOURCE,
    getMarketStats: async (zipCode, day) => sampleMarketStats(checkZip(zipCode), checkDay(day)),
    getActiveListings: async (zipCode, day) => sampleActiveListings(checkZip(zipCode), checkDay(day)),
    getRecentSales: async (zipCode, day) => sampleRecentSales(checkZip(zipCode), checkDay(day)),
    getValuation: async (property, day) => sampleValuation(property, checkDay(day)),
  };
}

function sampleMarketStats(zipCode: string, day: string): MarketStats {
  const profile = zipProfile(zipCode);
  const month = monthIndex(day);
  const history: MarketStats["history"] = [];
  for (let m = month - HISTORY_MONTHS + 1; m <= month; m++) {
    history.push({ month: formatMonth(m), medianPrice: medianPriceAt(zipCode, profile, m) });
  }
  const price = (monthsAgo: number) => history[history.length - 1 - monthsAgo]?.medianPrice ?? 0;
  const medianPrice = price(0);
  // Year over year, so the seasonal swing does not label every market "falling" each autumn.
  const yearChange = medianPrice / price(12) - 1;
  const r = seededRandom(`market:${zipCode}:${day}`);
  // Homes sell slower in winter and more come on the market in spring and summer.
  const season = Math.sin(((month % 12) - 2) * (Math.PI / 6));
  const activeListings = Math.round(profile.inventory * (1 + 0.18 * season) * r.between(0.95, 1.05));
  return {
    zipCode,
    asOf: day,
    medianPrice,
    medianPriceChangeMonthPct: percentChange(medianPrice, price(1)),
    medianPriceChangeYearPct: percentChange(medianPrice, price(12)),
    medianDaysOnMarket: Math.max(
      5,
      Math.round(profile.daysOnMarket * (1 - 0.25 * season) + r.between(-3, 3)),
    ),
    activeListings,
    newListings: Math.max(1, Math.round(activeListings * r.between(0.12, 0.3))),
    medianPricePerSqft: Math.round((medianPrice / profile.typicalSqft) * r.between(0.97, 1.03)),
    trend: yearChange > 0.015 ? "rising" : yearChange < -0.015 ? "falling" : "steady",
    history,
  };
}

function sampleActiveListings(zipCode: string, day: string): ListingSummary[] {
  const r = seededRandom(`listings:${zipCode}:${day}`);
  const market = zipMarketNow(zipCode, day);
  const listings: ListingSummary[] = [];
  const count = r.int(3, 6);
  for (let i = 0; i < count; i++) {
    const home = sampleHome(r, market);
    const daysOnMarket = r.int(1, Math.round(market.profile.daysOnMarket * 2));
    listings.push({
      ...home,
      ...market.place,
      zipCode,
      // Asking prices end in …000 or …9,000 ($449,000).
      price: Math.round(home.price / 5000) * 5000 - (r.next() < 0.4 ? 1000 : 0),
      daysOnMarket,
      listedDate: addDays(day, -daysOnMarket),
      soldDate: null,
    });
  }
  return listings.sort((a, b) => (a.daysOnMarket ?? 0) - (b.daysOnMarket ?? 0));
}

function sampleRecentSales(zipCode: string, day: string): ListingSummary[] {
  const r = seededRandom(`sales:${zipCode}:${day}`);
  const market = zipMarketNow(zipCode, day);
  const sales: { soldDaysAgo: number; sale: ListingSummary }[] = [];
  const count = r.int(3, 6);
  for (let i = 0; i < count; i++) {
    const home = sampleHome(r, market);
    const soldDaysAgo = r.int(1, 60);
    const daysOnMarket = r.int(4, Math.round(market.profile.daysOnMarket * 1.8));
    sales.push({
      soldDaysAgo,
      sale: {
        ...home,
        ...market.place,
        zipCode,
        price: Math.round(home.price / 500) * 500,
        daysOnMarket,
        listedDate: addDays(day, -soldDaysAgo - daysOnMarket),
        soldDate: addDays(day, -soldDaysAgo),
      },
    });
  }
  return sales.sort((a, b) => a.soldDaysAgo - b.soldDaysAgo).map((s) => s.sale);
}

function sampleValuation(property: PropertyToValue, day: string): Valuation {
  const zipCode = checkZip(property.zipCode);
  const address = property.addressLine1.trim().toLowerCase().replace(/\s+/g, " ");
  const profile = zipProfile(zipCode);
  const home = seededRandom(`home:${address}:${zipCode}`);
  // Fixed per home: how it compares with the zip's median home.
  const knownSqft = property.squareFootage && property.squareFootage > 0 ? property.squareFootage : null;
  const sqft = knownSqft ?? roundTo(profile.typicalSqft * home.between(0.7, 1.45), 10);
  const size = sqft / profile.typicalSqft;
  const rooms = roomsFor(home, size);
  const bedrooms = property.bedrooms ?? rooms.bedrooms;
  const bathrooms = property.bathrooms ?? rooms.bathrooms;
  const homeFactor = size ** 0.8 * home.between(0.9, 1.12);

  const r = seededRandom(`valuation:${address}:${zipCode}:${day}`);
  const month = monthIndex(day);
  const purchase = purchaseBefore(property, day);
  const estimate = purchase
    ? // What it cost, grown with its market since; a home's own path differs a little from its zip's.
      ((purchase.price * priceLevel(zipCode, profile, month)) /
        priceLevel(zipCode, profile, monthIndex(purchase.date))) *
      home.between(0.97, 1.03)
    : priceLevel(zipCode, profile, month) * homeFactor;
  const value = roundTo(estimate * (1 + 0.003 * (r.next() * 2 - 1)), 1000);
  const spread = r.between(0.06, 0.1);
  const place = { city: property.city, state: property.state.toUpperCase(), zipCode };

  const comparables: Comparable[] = [];
  const count = r.int(3, 5);
  for (let i = 0; i < count; i++) {
    const soldDaysAgo = r.int(7, 180);
    const daysOnMarket = r.int(4, Math.round(profile.daysOnMarket * 1.8));
    comparables.push({
      addressLine1: streetAddress(r),
      ...place,
      price: roundTo(value * r.between(0.88, 1.12), 500),
      bedrooms: Math.max(1, bedrooms + r.int(-1, 1)),
      bathrooms: Math.max(1, bathrooms + r.pick([-0.5, 0, 0, 0.5] as const)),
      squareFootage: roundTo(sqft * r.between(0.85, 1.15), 10),
      daysOnMarket,
      listedDate: addDays(day, -soldDaysAgo - daysOnMarket),
      soldDate: addDays(day, -soldDaysAgo),
      propertyType: "single_family",
      distanceMiles: Math.round(r.between(0.08, 1.5) * 100) / 100,
    });
  }
  comparables.sort((a, b) => a.distanceMiles - b.distanceMiles);
  return {
    value,
    rangeLow: roundTo(value * (1 - spread), 1000),
    rangeHigh: roundTo(value * (1 + spread), 1000),
    asOf: day,
    comparables,
  };
}

// ───────────────────────────── model ─────────────────────────────

function zipProfile(zipCode: string): ZipProfile {
  const r = seededRandom(`zip:${zipCode}`);
  const area = areaPriceLevel(zipCode);
  // A known zip sits close to its level; the zips of a metro or a state vary a lot around theirs.
  const spread = area.precision === "zip" ? 0.03 : 0.35;
  return {
    basePrice: area.price * Math.exp(r.between(-spread, spread)),
    longRunGrowth: r.between(0.025, 0.055),
    cycleAmplitude: r.between(0.03, 0.1),
    cycleMonths: r.between(84, 132),
    cyclePhase: r.between(0, 2 * Math.PI),
    seasonalAmplitude: r.between(0.005, 0.012),
    typicalSqft: r.int(1400, 2400),
    daysOnMarket: r.between(18, 65),
    inventory: r.int(40, 320),
  };
}

/** The zip's price level in a month: long-run trend × market cycle × season (peak in June) × noise. */
function priceLevel(zipCode: string, profile: ZipProfile, month: number): number {
  const sinceBase = month - BASE_MONTH;
  const trend = (1 + profile.longRunGrowth) ** (sinceBase / 12);
  const wave = (m: number) => Math.sin((2 * Math.PI * m) / profile.cycleMonths + profile.cyclePhase);
  const cycle = Math.exp(profile.cycleAmplitude * (wave(sinceBase) - wave(0)));
  const season = 1 + profile.seasonalAmplitude * Math.sin(((month % 12) - 2) * (Math.PI / 6));
  const noise = 1 + 0.004 * signedNoise(`level:${zipCode}:${month}`);
  return profile.basePrice * trend * cycle * season * noise;
}

/** The campaign's purchase, when it knows the price and the day and the day is before `day`. */
function purchaseBefore(property: PropertyToValue, day: string): { price: number; date: string } | null {
  const { purchasePrice, purchaseDate } = property;
  if (!purchasePrice || purchasePrice <= 0 || !purchaseDate || !isoDay.safeParse(purchaseDate).success)
    return null;
  return purchaseDate < day ? { price: purchasePrice, date: purchaseDate } : null;
}

function medianPriceAt(zipCode: string, profile: ZipProfile, month: number): number {
  return roundTo(priceLevel(zipCode, profile, month), 500);
}

type ZipMarket = { profile: ZipProfile; medianPrice: number; place: { city: string; state: string } };

function zipMarketNow(zipCode: string, day: string): ZipMarket {
  const profile = zipProfile(zipCode);
  return {
    profile,
    medianPrice: medianPriceAt(zipCode, profile, monthIndex(day)),
    place: placeForZip(zipCode),
  };
}

type SampleHome = Pick<
  ListingSummary,
  "addressLine1" | "price" | "bedrooms" | "bathrooms" | "squareFootage" | "propertyType"
>;

function sampleHome(r: Random, market: ZipMarket): SampleHome {
  const propertyType = r.weighted<PropertyType>([
    ["single_family", 68],
    ["townhouse", 14],
    ["condo", 13],
    ["multi_family", 5],
  ]);
  // How this home compares with the zip's typical one; condos are smaller.
  const size = Math.exp(r.between(Math.log(0.6), Math.log(1.7))) * (propertyType === "condo" ? 0.65 : 1);
  const squareFootage = roundTo(market.profile.typicalSqft * size * r.between(0.92, 1.08), 10);
  return {
    addressLine1: `${streetAddress(r)}${propertyType === "condo" ? ` #${r.int(1, 12)}${r.pick(["01", "02", "04", "08"] as const)}` : ""}`,
    price: market.medianPrice * size * r.between(0.9, 1.1),
    ...roomsFor(r, size),
    squareFootage,
    propertyType,
  };
}

/** Bedrooms and bathrooms that fit a home `size` times the zip's typical home (3 bed, 2 bath). */
function roomsFor(r: Random, size: number): { bedrooms: number; bathrooms: number } {
  const bedrooms = Math.min(6, Math.max(1, Math.round(3 + 2.5 * Math.log(size) + r.between(-0.5, 0.5))));
  const bathrooms = Math.min(5, Math.max(1, bedrooms - 1 + r.pick([0, 0.5, 1] as const)));
  return { bedrooms, bathrooms };
}

function streetAddress(r: Random): string {
  return `${r.int(100, 9899)} ${r.pick(STREET_NAMES)} ${r.pick(STREET_SUFFIXES)}`;
}

// ───────────────────────────── helpers ─────────────────────────────

function checkZip(zipCode: string): string {
  if (!usZipCode.safeParse(zipCode).success)
    throw new Error(`Sample data needs a 5-digit ZIP code, got "${zipCode}"`);
  return zipCode;
}

function checkDay(day: string): string {
  if (!isoDay.safeParse(day).success) throw new Error(`Expected a day as YYYY-MM-DD, got "${day}"`);
  return day;
}

/** Months since year 0 (January = 0 mod 12). */
function monthIndex(day: string): number {
  return Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
}

function formatMonth(index: number): string {
  const year = Math.floor(index / 12);
  return `${year}-${String((index % 12) + 1).padStart(2, "0")}`;
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function roundTo(value: number, step: number): number {
  return Math.round(value / step) * step;
}

function percentChange(now: number, before: number): number | null {
  if (before <= 0) return null;
  return Math.round((now / before - 1) * 1000) / 10;
}
