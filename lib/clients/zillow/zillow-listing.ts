import type { ListingSummary } from "@/lib/market-data/types";
import { addDays, dollars, toIsoDay, toPropertyType } from "@/lib/market-data/vendor-values";
import { ZILLOW_RECENT_SALE_DAYS } from "./types";

/** One Zillow home, whichever endpoint it came from, with its address already split. */
export type ZillowHome = {
  addressLine1: string;
  city: string;
  state: string;
  zipCode: string;
  homeType: string | null | undefined;
  bedrooms: number | null | undefined;
  bathrooms: number | null | undefined;
  livingArea: number | null | undefined;
  price: number | null | undefined;
  daysOnZillow: number | null | undefined;
  dateSold: string | number | null | undefined;
};

/** As our listing; null for homes we cannot show (no price, no rooms: land lots). */
export function toZillowListing(home: ZillowHome, day: string, sold: boolean): ListingSummary | null {
  if (!home.price || home.price <= 0 || home.bedrooms == null) return null;
  if (!/^\d{5}$/.test(home.zipCode) || home.state.length !== 2) return null;
  const soldDate = sold ? toIsoDay(home.dateSold) : null;
  if (sold && soldDate === null) return null;
  const daysOnMarket = home.daysOnZillow == null ? null : Math.max(0, Math.round(home.daysOnZillow));
  return {
    addressLine1: home.addressLine1,
    city: home.city,
    state: home.state.toUpperCase(),
    zipCode: home.zipCode,
    price: dollars(home.price),
    bedrooms: Math.max(0, Math.round(home.bedrooms)),
    bathrooms: Math.max(0, home.bathrooms ?? 0),
    squareFootage: home.livingArea && home.livingArea > 0 ? Math.round(home.livingArea) : null,
    // For a sold home Zillow's days count runs to the sale; for a listing, to today.
    daysOnMarket: sold ? null : daysOnMarket,
    listedDate: addDays(soldDate ?? day, -(daysOnMarket ?? 0)),
    soldDate,
    propertyType: toPropertyType(home.homeType),
  };
}

/** Listings newest first; sales within the recent window, latest first. */
export function sortZillowHomes(
  homes: (ListingSummary | null)[],
  day: string,
  sold: boolean,
): ListingSummary[] {
  const shown = homes.filter((h): h is ListingSummary => h !== null);
  if (!sold) return shown.sort((a, b) => b.listedDate.localeCompare(a.listedDate));
  const since = addDays(day, -ZILLOW_RECENT_SALE_DAYS);
  return shown
    .filter((h) => h.soldDate !== null && h.soldDate >= since && h.soldDate <= day)
    .sort((a, b) => (b.soldDate ?? "").localeCompare(a.soldDate ?? ""));
}
