import type { ArtifactOutput, CampaignForWork } from "@/lib/campaigns/artifacts/produce-artifact";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import type { Prisma, ZipDataKind } from "@/lib/generated/prisma/client";
import { fetchZipData } from "@/lib/market-data/fetch-zip-data";
import { getMortgageRateTrend } from "@/lib/market-data/mortgage-rate-trend";
import { sourcedCalls } from "@/lib/market-data/types";

export type MarketArtifactKind = "LOCAL_MARKET" | "ACTIVE_LISTINGS" | "RECENT_SALES" | "PROPERTY_VALUATION";

const ZIP_KIND: Record<Exclude<MarketArtifactKind, "PROPERTY_VALUATION">, ZipDataKind> = {
  LOCAL_MARKET: "MARKET_STATS",
  ACTIVE_LISTINGS: "ACTIVE_LISTINGS",
  RECENT_SALES: "RECENT_SALES",
};

/** The cache day of zip-level data: the UTC date, shared by every agent's campaigns in the zip. */
export function dataDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Produces one data artifact of a cycle: zip-level data through the shared cache, the valuation per address. */
export function marketArtifactProducer(kind: MarketArtifactKind, deps: PipelineDeps) {
  return async (campaign: CampaignForWork): Promise<ArtifactOutput> => {
    const day = dataDay(deps.now());
    if (kind === "PROPERTY_VALUATION") {
      const valuation = await sourcedCalls(deps.marketData).getValuation(
        {
          addressLine1: campaign.propertyAddressLine1,
          city: campaign.propertyCity,
          state: campaign.propertyState,
          zipCode: campaign.zipCode,
          bedrooms: campaign.bedrooms,
          bathrooms: campaign.bathrooms,
          squareFootage: campaign.squareFootage,
          purchasePrice: campaign.purchasePrice,
          purchaseDate: campaign.purchaseDate?.toISOString().slice(0, 10) ?? null,
        },
        day,
      );
      return { payload: valuation.data as Prisma.InputJsonValue, source: valuation.source };
    }
    const zip = await fetchZipData(deps.db, deps.marketData, campaign.zipCode, ZIP_KIND[kind], day);
    let payload = zip.payload as Prisma.InputJsonValue;
    if (kind === "LOCAL_MARKET") {
      // The email's rate line: this week's rates and their change (national, so not in the zip cache).
      const mortgageRates = await getMortgageRateTrend(deps.db, deps.now());
      payload = { ...(zip.payload as Prisma.JsonObject), mortgageRates } as Prisma.InputJsonValue;
    }
    return { payload, source: zip.source, zipMarketDataId: zip.id };
  };
}
