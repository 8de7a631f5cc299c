import type { VendorHttp } from "@/lib/clients/http/vendor-http";
import type { Logger } from "@/lib/logger";
import type { ListingSummary } from "@/lib/market-data/types";
import type { ZillowClient, ZillowConfig } from "./types";
import { createZillowHttp } from "./zillow-http";
import { sortZillowHomes, toZillowListing } from "./zillow-listing";
import { zillowSearchResults } from "./zillow-schemas";

/** Zillow v2: `/search` (address already split into street, city, state and zip). */
export function createZillowV2Client(config: ZillowConfig, log: Logger, http?: VendorHttp): ZillowClient {
  const client = http ?? createZillowHttp(config, "v2", log);

  async function search(zipCode: string, day: string, sold: boolean): Promise<ListingSummary[]> {
    const body = await client.getJson(
      "/search",
      { location: zipCode, status: sold ? "recentlySold" : "forSale" },
      zillowSearchResults,
    );
    const homes = body.results.map((r) =>
      toZillowListing(
        {
          addressLine1: r.streetAddress,
          city: r.city,
          state: r.state,
          zipCode: r.zipcode,
          homeType: r.homeType,
          bedrooms: r.bedrooms,
          bathrooms: r.bathrooms,
          livingArea: r.livingArea,
          price: r.price,
          daysOnZillow: r.daysOnZillow,
          dateSold: r.dateSold,
        },
        day,
        sold,
      ),
    );
    return sortZillowHomes(homes, day, sold);
  }

  return {
    getActiveListings: async (zipCode, day) => ({
      data: await search(zipCode, day, false),
      source: "zillow-v2",
    }),
    getRecentSales: async (zipCode, day) => ({ data: await search(zipCode, day, true), source: "zillow-v2" }),
  };
}
