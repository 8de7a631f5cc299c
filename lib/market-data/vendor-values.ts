import type { MarketTrend, PropertyType } from "@/lib/market-data/types";

/** Small conversions every vendor mapping needs, so Rentcast and Zillow data read the same way. */

const PROPERTY_TYPES: Record<string, PropertyType> = {
  singlefamily: "single_family",
  house: "single_family",
  houses: "single_family",
  condo: "condo",
  condominium: "condo",
  apartment: "condo",
  townhouse: "townhouse",
  townhome: "townhouse",
  multifamily: "multi_family",
  manufactured: "manufactured",
  mobile: "manufactured",
};

/** "Single Family", "SINGLE_FAMILY", "Multi-Family", "TOWNHOUSE"… → our enum; unknown → "other". */
export function toPropertyType(value: string | null | undefined): PropertyType {
  const key = (value ?? "").toLowerCase().replace(/[^a-z]/g, "");
  return PROPERTY_TYPES[key] ?? "other";
}

/** An ISO timestamp, a date, or epoch milliseconds → `YYYY-MM-DD` (UTC); null when unreadable. */
export function toIsoDay(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === "") return null;
  const ms = typeof value === "number" ? value : Date.parse(value);
  if (!Number.isFinite(ms)) return null;
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** "2026-11" shifted by `months` ("2026-11", -12 → "2025-11"). */
export function shiftMonth(month: string, months: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** Percent change with one decimal (1.4 = +1.4 %); null without a usable base. */
export function percentChange(now: number, before: number | null | undefined): number | null {
  if (before === null || before === undefined || before <= 0) return null;
  return Math.round((now / before - 1) * 1000) / 10;
}

/** The direction of prices: the year's change when known, else the month's (tighter band). */
export function trendOf(yearPct: number | null, monthPct: number | null): MarketTrend {
  if (yearPct !== null) return yearPct > 1.5 ? "rising" : yearPct < -1.5 ? "falling" : "steady";
  if (monthPct !== null) return monthPct > 0.5 ? "rising" : monthPct < -0.5 ? "falling" : "steady";
  return "steady";
}

/** Whole dollars, never negative. */
export function dollars(value: number): number {
  return Math.max(0, Math.round(value));
}

/**
 * "7622 R W Emerson Loop, Laredo, TX 78041" → parts; null when it does not have that shape
 * (Zillow gives one string; Rentcast gives both).
 */
export function splitUsAddress(
  formatted: string,
): { addressLine1: string; city: string; state: string; zipCode: string } | null {
  const match = /^(.+?),\s*([^,]+?),\s*([A-Z]{2})\s+(\d{5})(?:-\d{4})?\s*$/.exec(formatted.trim());
  if (!match) return null;
  const [, addressLine1 = "", city = "", state = "", zipCode = ""] = match;
  return { addressLine1, city, state, zipCode };
}
