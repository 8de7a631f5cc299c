import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { produceArtifact } from "@/lib/campaigns/artifacts/produce-artifact";
import { createPipelineDeps } from "@/lib/campaigns/create-pipeline-deps";
import { getDb } from "@/lib/db";
import { recentMortgageRates } from "@/lib/emails/create-cycle-email";
import { parseConfig } from "@/lib/env";
import { logger } from "@/lib/logger";
import { marketArtifactProducer } from "@/lib/market-data/market-artifact-producer";
import { createMortgageRateSource, sampleMortgageRates } from "@/lib/market-data/mortgage-rate-source";
import { getMortgageRateTrend } from "@/lib/market-data/mortgage-rate-trend";
import { refreshMortgageRates } from "@/lib/market-data/refresh-mortgage-rates";
import { marketStats } from "@/lib/market-data/types";
import { createTestAgent } from "@/test/factories/agent";
import { buildTestCampaign } from "@/test/factories/campaign";
import { FRED_KEY, startFredServer } from "@/test/vendors/fred-server";
import type { VendorServer } from "@/test/vendors/vendor-server";

const log = logger.child({}, { level: "silent" });
const db = getDb();
const THIRTY = [
  ["2025-06-12", "6.84"],
  ["2025-06-05", "6.85"],
  ["2025-05-29", "6.89"],
  ["2025-05-22", "6.86"],
  ["2025-05-15", "6.81"],
  ["2025-05-08", "."],
  ["2025-05-01", "6.76"],
  ["2025-04-24", "6.81"],
  ["2025-04-17", "6.83"],
].map(([date, value]) => ({ date: date as string, value: value as string }));
const FIFTEEN = THIRTY.map((o) => ({
  ...o,
  value: o.value === "." ? "." : (Number(o.value) - 0.87).toFixed(2),
}));
let fred: VendorServer;

const fredConfig = (apiKey = FRED_KEY) => ({ apiKey, baseUrl: fred.url, timeoutMs: 2000, retries: 1 });

beforeAll(async () => {
  fred = await startFredServer({ MORTGAGE30US: THIRTY, MORTGAGE15US: FIFTEEN });
});
afterAll(() => fred.close());

describe("mortgage rates", () => {
  it("stores FRED's weekly 30- and 15-year rates once, and computes week and month changes", async () => {
    const source = createMortgageRateSource(fredConfig(), log);
    expect(source.source).toBe("fred");
    const first = await refreshMortgageRates(db, source);
    // 8 weeks asked per series, one of them missing (".").
    expect(first).toEqual({ stored: 14, latest: { MORTGAGE30US: "2025-06-12", MORTGAGE15US: "2025-06-12" } });
    expect(fred.requests.map((r) => Object.fromEntries(r.query))).toContainEqual({
      series_id: "MORTGAGE30US",
      api_key: FRED_KEY,
      file_type: "json",
      sort_order: "desc",
      limit: "8",
    });
    expect((await refreshMortgageRates(db, source)).stored).toBe(0);
    expect(await db.mortgageRate.count()).toBe(14);

    const trend = await getMortgageRateTrend(db, new Date("2025-06-13T12:00:00Z"));
    expect(trend).toEqual({
      weekOf: "2025-06-12",
      source: "fred",
      thirtyYear: { ratePercent: 6.84, changeWeek: -0.01, changeMonth: 0.03 },
      fifteenYear: { ratePercent: 5.97, changeWeek: -0.01, changeMonth: 0.03 },
    });
    // As of an earlier day, that day's latest survey.
    expect((await getMortgageRateTrend(db, new Date("2025-06-06T00:00:00Z")))?.thirtyYear).toEqual({
      ratePercent: 6.85,
      changeWeek: -0.04,
      changeMonth: 0.09,
    });
    expect(await getMortgageRateTrend(db, new Date("2020-01-01T00:00:00Z"))).toBeNull();
  });

  it("gives the email the stored 30-year rates up to its send day (eight weeks at most), oldest first", async () => {
    // The seven stored by the test above (the 8 weeks asked for, of which 2025-05-08 has no value).
    const rates = await recentMortgageRates(db, new Date("2025-06-12T23:30:00Z"));
    expect(rates?.weeks).toEqual([
      { weekOf: "2025-04-24", ratePercent: 6.81 },
      { weekOf: "2025-05-01", ratePercent: 6.76 },
      { weekOf: "2025-05-15", ratePercent: 6.81 },
      { weekOf: "2025-05-22", ratePercent: 6.86 },
      { weekOf: "2025-05-29", ratePercent: 6.89 },
      { weekOf: "2025-06-05", ratePercent: 6.85 },
      { weekOf: "2025-06-12", ratePercent: 6.84 },
    ]);
    expect((await recentMortgageRates(db, new Date("2025-06-11T12:00:00Z")))?.weeks.at(-1)).toEqual({
      weekOf: "2025-06-05",
      ratePercent: 6.85,
    });
    expect(await recentMortgageRates(db, new Date("2020-01-01T00:00:00Z"))).toBeNull();
  });

  it("reports a refused key clearly", async () => {
    await expect(
      refreshMortgageRates(db, createMortgageRateSource(fredConfig("wrong"), log)),
    ).rejects.toThrow(
      "FRED GET /series/observations answered 400 (Bad Request): " +
        '{"error_code":400,"error_message":"Bad Request. The value for variable api_key is not registered."}',
    );
  });

  it("sample rates (no key) are labelled, published on Thursdays, and never replace real ones", async () => {
    const sample = sampleMortgageRates(() => new Date("2025-06-14T10:00:00Z"));
    const weeks = await sample.getWeeklyRates("MORTGAGE30US", 3);
    expect(weeks.map((w) => w.weekOf)).toEqual(["2025-06-12", "2025-06-05", "2025-05-29"]);
    await refreshMortgageRates(db, sample);
    const trend = await getMortgageRateTrend(db, new Date("2025-06-13T12:00:00Z"));
    expect(trend?.source).toBe("fred");
    expect(trend?.thirtyYear.ratePercent).toBe(6.84);
  });

  it("adds the rate trend to each cycle's market data", async () => {
    const deps = {
      ...createPipelineDeps(parseConfig({ DATABASE_URL: process.env.DATABASE_URL }), db, log),
      now: () => new Date("2025-06-13T12:00:00Z"),
    };
    const agent = await createTestAgent(db);
    const campaign = await db.campaign.create({
      data: buildTestCampaign(agent.id, { status: "WAITING_FOR_DATA", cycle: 1 }),
    });
    await produceArtifact({
      db,
      campaignId: campaign.id,
      cycle: 1,
      kind: "LOCAL_MARKET",
      expectedStatus: "WAITING_FOR_DATA",
      lastAttempt: false,
      log,
      produce: marketArtifactProducer("LOCAL_MARKET", deps),
    });
    const artifact = await db.campaignArtifact.findFirstOrThrow({ where: { campaignId: campaign.id } });
    expect(artifact.source).toBe("sample");
    const market = marketStats.parse(artifact.payload);
    expect(market.mortgageRates?.thirtyYear).toEqual({
      ratePercent: 6.84,
      changeWeek: -0.01,
      changeMonth: 0.03,
    });
    // The shared zip row stays national-data free.
    const zipRow = await db.zipMarketData.findUniqueOrThrow({
      where: { id: artifact.zipMarketDataId ?? "" },
    });
    expect(zipRow.payload).not.toHaveProperty("mortgageRates");
  });
});
