import { z } from "zod";

/**
 * Wire formats of the two Zillow APIs on RapidAPI, only the fields we use (extra fields are ignored).
 * Public sources disagree on optional fields, so only what a listing cannot do without is required.
 */

const maybeNum = z.number().nullish();
const maybeText = z.string().nullish();
/** Sold dates come as epoch milliseconds or as date strings depending on the endpoint. */
const maybeDate = z.union([z.number(), z.string()]).nullish();

/** v1: GET /propertyExtendedSearch?location=…&status_type=ForSale|RecentlySold → { props[], totalPages } */
export const zillowExtendedSearch = z.object({
  props: z.array(
    z.object({
      zpid: z.union([z.string(), z.number()]),
      address: z.string(),
      propertyType: maybeText,
      bedrooms: maybeNum,
      bathrooms: maybeNum,
      livingArea: maybeNum,
      price: maybeNum,
      listingStatus: maybeText,
      daysOnZillow: maybeNum,
      dateSold: maybeDate,
    }),
  ),
  totalPages: maybeNum,
});
export type ZillowExtendedSearch = z.infer<typeof zillowExtendedSearch>;

/** v2: GET /search?location=…&status=forSale|recentlySold → { results[], totalResultCount } */
export const zillowSearchResults = z.object({
  results: z.array(
    z.object({
      zpid: z.union([z.string(), z.number()]),
      streetAddress: z.string(),
      city: z.string(),
      state: z.string(),
      zipcode: z.string(),
      homeType: maybeText,
      homeStatus: maybeText,
      bedrooms: maybeNum,
      bathrooms: maybeNum,
      livingArea: maybeNum,
      price: maybeNum,
      daysOnZillow: maybeNum,
      dateSold: maybeDate,
    }),
  ),
  totalResultCount: maybeNum,
});
export type ZillowSearchResults = z.infer<typeof zillowSearchResults>;
