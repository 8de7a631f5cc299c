import type { VendorHttp } from "@/lib/clients/http/vendor-http";
import type { Logger } from "@/lib/logger";
import type { ListingSummary } from "@/lib/market-data/types";
import { splitUsAddress } from "@/lib/market-data/vendor-values";
import type { ZillowClient, ZillowConfig } from "./types";
import { createZillowHttp } from "./zillow-http";
import { sortZillowHomes, toZillowListing } from "./zillow-listing";
import { zillowExtendedSearch } from "./zillow-schemas";

/** Zillow v1: `/propertyExtendedSearch` (one address string per home). */
export function createZillowV1Client(config: ZillowConfig, log: Logger, http?: VendorHttp): ZillowClient {
  const client = http ?? createZillowHttp(config, "v1", log);

  async function search(zipCode: string, day: string, sold: boolean): Promise<ListingSummary[]> {
    const body = await client.getJson(
      "/propertyExtendedSearch",
      { location: zipCode, status_type: sold ? "RecentlySold" : "ForSale", home_type: "Houses" },
      zillowExtendedSearch,
    );
    const homes = body.props.map((p) => {
      const parts = splitUsAddress(p.address);
      if (!parts) return null;
      return toZillowListing(
        {
          ...parts,
          homeType: p.propertyType,
          bedrooms: p.bedrooms,
          bathrooms: p.bathrooms,
          livingArea: p.livingArea,
          price: p.price,
          daysOnZillow: p.daysOnZillow,
          dateSold: p.dateSold,
        },
        day,
        sold,
      );
    });
    return sortZillowHomes(homes, day, sold);
  }

  return {
    getActiveListings: async (zipCode, day) => ({
      data: await search(zipCode, day, false),
      source: "zillow-v1",
    }),
    getRecentSales: async (zipCode, day) => ({ data: await search(zipCode, day, true), source: "zillow-v1" }),
  };
}
