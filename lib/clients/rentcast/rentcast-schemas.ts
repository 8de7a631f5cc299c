import { z } from "zod";

/**
 * Rentcast's wire format (https://developers.rentcast.io), only the fields we use. z.object ignores
 * extra fields, so new vendor fields never break parsing; a missing required field is an error that
 * names it. Optional-in-practice fields are `nullish`: Rentcast omits or nulls what it does not know.
 */

const num = z.number();
const maybeNum = z.number().nullish();
const maybeText = z.string().nullish();

export const rentcastMarketHistoryEntry = z.object({
  date: maybeText,
  medianPrice: maybeNum,
  averagePrice: maybeNum,
  medianDaysOnMarket: maybeNum,
  totalListings: maybeNum,
  newListings: maybeNum,
});

/** GET /markets?zipCode=…&dataType=Sale&historyRange=… */
export const rentcastMarket = z.object({
  zipCode: z.string(),
  saleData: z.object({
    lastUpdatedDate: z.string(),
    averagePrice: maybeNum,
    medianPrice: num,
    medianPricePerSquareFoot: maybeNum,
    averagePricePerSquareFoot: maybeNum,
    medianDaysOnMarket: num,
    averageDaysOnMarket: maybeNum,
    newListings: maybeNum,
    totalListings: num,
    history: z.record(z.string(), rentcastMarketHistoryEntry).nullish(),
  }),
});
export type RentcastMarket = z.infer<typeof rentcastMarket>;

/** One element of GET /listings/sale, and of an AVM's `comparables`. */
export const rentcastListing = z.object({
  formattedAddress: z.string(),
  addressLine1: maybeText,
  city: maybeText,
  state: maybeText,
  zipCode: maybeText,
  propertyType: maybeText,
  bedrooms: maybeNum,
  bathrooms: maybeNum,
  squareFootage: maybeNum,
  price: num,
  status: maybeText,
  listedDate: maybeText,
  removedDate: maybeText,
  daysOnMarket: maybeNum,
});
export type RentcastListing = z.infer<typeof rentcastListing>;

export const rentcastListings = z.array(rentcastListing);

/** GET /avm/value?address=… */
export const rentcastAvm = z.object({
  price: num,
  priceRangeLow: num,
  priceRangeHigh: num,
  latitude: maybeNum,
  longitude: maybeNum,
  subjectProperty: z
    .object({
      formattedAddress: maybeText,
      propertyType: maybeText,
      bedrooms: maybeNum,
      bathrooms: maybeNum,
      squareFootage: maybeNum,
      yearBuilt: maybeNum,
      lastSaleDate: maybeText,
      lastSalePrice: maybeNum,
    })
    .nullish(),
  comparables: z.array(rentcastListing.extend({ distance: maybeNum, correlation: maybeNum })).default([]),
});
export type RentcastAvm = z.infer<typeof rentcastAvm>;

/** GET /properties?address=… (an array; empty when the address is unknown). */
export const rentcastProperties = z.array(
  z.object({
    formattedAddress: z.string(),
    propertyType: maybeText,
    bedrooms: maybeNum,
    bathrooms: maybeNum,
    squareFootage: maybeNum,
    lotSize: maybeNum,
    yearBuilt: maybeNum,
    latitude: maybeNum,
    longitude: maybeNum,
    lastSaleDate: maybeText,
    lastSalePrice: maybeNum,
    taxAssessments: z.record(z.string(), z.object({ year: maybeNum, value: maybeNum })).nullish(),
  }),
);
