import { expect, it } from "vitest";
import { produceArtifact } from "@/lib/campaigns/artifacts/produce-artifact";
import { createPipelineDeps } from "@/lib/campaigns/create-pipeline-deps";
import { getDb } from "@/lib/db";
import { parseConfig } from "@/lib/env";
import { logger } from "@/lib/logger";
import { marketArtifactProducer } from "@/lib/market-data/market-artifact-producer";
import { createSampleMarketDataProvider } from "@/lib/market-data/sample-provider";
import { valuation } from "@/lib/market-data/types";
import { createTestAgent } from "@/test/factories/agent";
import { buildTestCampaign } from "@/test/factories/campaign";

const log = logger.child({}, { level: "silent" });
const db = getDb();

it("values the campaign's home from what its owner paid and when (issue 15 #10: believable sample data)", async () => {
  const deps = {
    // No Rentcast key: the sample provider.
    ...createPipelineDeps(parseConfig({ DATABASE_URL: process.env.DATABASE_URL }), db, log),
    now: () => new Date("2026-12-05T15:00:00Z"),
  };
  const agent = await createTestAgent(db);
  const campaign = await db.campaign.create({
    data: buildTestCampaign(agent.id, {
      status: "WAITING_FOR_DATA",
      cycle: 1,
      propertyAddressLine1: "38 Lorraine Avenue",
      propertyCity: "Montclair",
      propertyState: "NJ",
      zipCode: "07043",
      squareFootage: 2460,
      purchasePrice: 865_000,
      purchaseDate: new Date("2021-06-18T00:00:00Z"),
    }),
  });
  await produceArtifact({
    db,
    campaignId: campaign.id,
    cycle: 1,
    kind: "PROPERTY_VALUATION",
    expectedStatus: "WAITING_FOR_DATA",
    lastAttempt: false,
    log,
    produce: marketArtifactProducer("PROPERTY_VALUATION", deps),
  });
  const artifact = await db.campaignArtifact.findFirstOrThrow({
    where: { campaignId: campaign.id, kind: "PROPERTY_VALUATION" },
  });
  expect(artifact.source).toBe("sample");
  const value = valuation.parse(artifact.payload);
  expect(value).toEqual(
    await createSampleMarketDataProvider().getValuation(
      {
        addressLine1: "38 Lorraine Avenue",
        city: "Montclair",
        state: "NJ",
        zipCode: "07043",
        bedrooms: campaign.bedrooms,
        bathrooms: campaign.bathrooms,
        squareFootage: 2460,
        purchasePrice: 865_000,
        purchaseDate: "2021-06-18",
      },
      "2026-12-05",
    ),
  );
  expect(value.value).toBeGreaterThan(865_000);
  expect(value.value).toBeLessThan(865_000 * 1.09 ** 5.5);
});
