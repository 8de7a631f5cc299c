import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { produceArtifact } from "@/lib/campaigns/artifacts/produce-artifact";
import { createPipelineDeps } from "@/lib/campaigns/create-pipeline-deps";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { getDb } from "@/lib/db";
import { parseConfig } from "@/lib/env";
import type { ArtifactKind } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { fetchZipData, type ZipDataResult } from "@/lib/market-data/fetch-zip-data";
import { marketArtifactProducer } from "@/lib/market-data/market-artifact-producer";
import { createTestAgent } from "@/test/factories/agent";
import { buildTestCampaign } from "@/test/factories/campaign";
import { RENTCAST_KEY, startRentcastServer } from "@/test/vendors/rentcast-server";
import type { VendorServer } from "@/test/vendors/vendor-server";
import { RAPIDAPI_KEY, startZillowServer } from "@/test/vendors/zillow-server";

/**
 * The four data consumers' work with real vendor clients (keys set) against local servers speaking
 * Rentcast's and Zillow's wire formats, on the real database: zip-level data is fetched once per zip
 * and day however many campaigns share it, across processes too; failures land on the artifacts.
 */

const TODAY = "2025-08-20";
const NOW = new Date(`${TODAY}T15:00:00Z`);
const ZIPS = ["78701", "78702", "78703", "78704", "78705"] as const;
const log = logger.child({}, { level: "silent" });
const db = getDb();
let rentcast: VendorServer;
let zillowV1: VendorServer;
let zillowV2: VendorServer;

function vendorDeps(extra: Record<string, string> = {}): PipelineDeps {
  const config = parseConfig({
    DATABASE_URL: process.env.DATABASE_URL,
    RENTCAST_API_KEY: RENTCAST_KEY,
    RENTCAST_BASE_URL: rentcast.url,
    // The benchmark runs at Rentcast's real 20/s; the test keeps to a faster local limit.
    RENTCAST_REQUESTS_PER_SECOND: "100",
    RAPIDAPI_KEY,
    ZILLOW_V1_BASE_URL: zillowV1.url,
    ZILLOW_V2_BASE_URL: zillowV2.url,
    ZILLOW_REQUESTS_PER_SECOND: "100",
    VENDOR_TIMEOUT_MS: "2000",
    VENDOR_RETRIES: "2",
    ...extra,
  });
  return { ...createPipelineDeps(config, db, log), now: () => NOW };
}

async function campaignsIn(zips: readonly string[], count: number) {
  const agent = await createTestAgent(db);
  const data = Array.from({ length: count }, (_, i) =>
    buildTestCampaign(agent.id, {
      zipCode: zips[i % zips.length],
      propertyAddressLine1: `${100 + i} Grand Lake Dr`,
      status: "WAITING_FOR_DATA",
      cycle: 1,
    }),
  );
  await db.campaign.createMany({ data });
  return db.campaign.findMany({ where: { userId: agent.id }, select: { id: true, zipCode: true } });
}

function produce(deps: PipelineDeps, campaignId: string, kind: ArtifactKind, lastAttempt = false) {
  return produceArtifact({
    db,
    campaignId,
    cycle: 1,
    kind,
    expectedStatus: "WAITING_FOR_DATA",
    lastAttempt,
    log,
    produce: marketArtifactProducer(kind as "LOCAL_MARKET", deps),
  });
}

beforeAll(async () => {
  rentcast = await startRentcastServer({ today: TODAY, requestsPerSecond: 100, latencyMs: 20 });
  zillowV1 = await startZillowServer("v1", { today: TODAY });
  zillowV2 = await startZillowServer("v2", { today: TODAY });
});
afterEach(() => {
  for (const s of [rentcast, zillowV1, zillowV2]) {
    s.fault = null;
    s.requests.length = 0;
  }
});
afterAll(async () => {
  await Promise.all([rentcast.close(), zillowV1.close(), zillowV2.close()]);
});

describe("market data consumers with vendor keys set", () => {
  it("uses the sample provider without keys, and the real clients with them", () => {
    const local = createPipelineDeps(parseConfig({ DATABASE_URL: process.env.DATABASE_URL }), db, log);
    expect(local.marketData.source).toBe("sample");
    expect(vendorDeps().marketData.source).toBe("rentcast+zillow");
    expect(vendorDeps({ RAPIDAPI_KEY: "" }).marketData.source).toBe("rentcast");
  });

  it("200 campaigns in 5 zips: one upstream call per zip for market, listings and sales; one valuation each", async () => {
    const deps = vendorDeps();
    const campaigns = await campaignsIn(ZIPS, 200);
    const kinds: ArtifactKind[] = ["LOCAL_MARKET", "ACTIVE_LISTINGS", "RECENT_SALES", "PROPERTY_VALUATION"];
    const outcomes = await Promise.all(
      campaigns.flatMap((c) => kinds.map((kind) => produce(deps, c.id, kind))),
    );
    expect(outcomes.every((o) => o === "produced")).toBe(true);

    expect(rentcast.count("/markets")).toBe(5);
    expect(
      new Set(rentcast.requests.filter((r) => r.path === "/markets").map((r) => r.query.get("zipCode"))),
    ).toEqual(new Set(ZIPS));
    expect(zillowV1.requests.filter((r) => r.query.get("status_type") === "ForSale")).toHaveLength(5);
    expect(zillowV1.requests.filter((r) => r.query.get("status_type") === "RecentlySold")).toHaveLength(5);
    expect(rentcast.count("/listings")).toBe(0);
    expect(zillowV2.count()).toBe(0);
    expect(rentcast.count("/avm/value")).toBe(200);
    expect(rentcast.requests.every((r) => r.headers["x-api-key"] === RENTCAST_KEY)).toBe(true);

    const artifacts = await db.campaignArtifact.findMany({
      where: { campaignId: { in: campaigns.map((c) => c.id) } },
    });
    expect(artifacts).toHaveLength(800);
    expect(artifacts.every((a) => a.status === "READY" && a.attempts === 1)).toBe(true);
    const sources = (kind: ArtifactKind) =>
      new Set(artifacts.filter((a) => a.kind === kind).map((a) => a.source));
    expect(sources("LOCAL_MARKET")).toEqual(new Set(["rentcast"]));
    expect(sources("ACTIVE_LISTINGS")).toEqual(new Set(["zillow-v1"]));
    expect(sources("PROPERTY_VALUATION")).toEqual(new Set(["rentcast"]));
    const zipRows = await db.zipMarketData.findMany({ where: { zipCode: { in: [...ZIPS] } } });
    expect(zipRows).toHaveLength(15);
    expect(zipRows.every((r) => r.status === "READY" && r.attempts === 1)).toBe(true);
    const market = artifacts.find((a) => a.kind === "LOCAL_MARKET" && a.campaignId === campaigns[0]?.id);
    expect(market?.zipMarketDataId).toBe(
      zipRows.find((r) => r.zipCode === campaigns[0]?.zipCode && r.kind === "MARKET_STATS")?.id,
    );
    expect(market?.payload).toMatchObject({
      zipCode: campaigns[0]?.zipCode,
      medianPriceChangeMonthPct: 1,
      medianPriceChangeYearPct: 12.7,
    });

    // A second day's request for the same zip reads the cache: no new call.
    rentcast.requests.length = 0;
    const more = await campaignsIn(["78701"], 3);
    await Promise.all(more.map((c) => produce(deps, c.id, "LOCAL_MARKET")));
    expect(rentcast.count("/markets")).toBe(0);
  });

  it("two worker processes asking for the same zip at once make one upstream call (row claim)", async () => {
    const processA = vendorDeps();
    const processB = vendorDeps();
    const inflightA = new Map<string, Promise<ZipDataResult>>();
    const inflightB = new Map<string, Promise<ZipDataResult>>();
    const calls = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? fetchZipData(db, processA.marketData, "73301", "MARKET_STATS", TODAY, {
            inflight: inflightA,
            pollMs: 20,
          })
        : fetchZipData(db, processB.marketData, "73301", "MARKET_STATS", TODAY, {
            inflight: inflightB,
            pollMs: 20,
          }),
    );
    const results = await Promise.all(calls);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(rentcast.count("/markets")).toBe(1);
  });

  it("replaces zip data cached from the sample provider once vendor keys are set", async () => {
    const local = createPipelineDeps(parseConfig({ DATABASE_URL: process.env.DATABASE_URL }), db, log);
    const sample = await fetchZipData(db, local.marketData, "73307", "MARKET_STATS", TODAY);
    expect(sample.source).toBe("sample");
    const real = await fetchZipData(db, vendorDeps().marketData, "73307", "MARKET_STATS", TODAY);
    expect(real).toMatchObject({ id: sample.id, source: "rentcast" });
    expect(rentcast.count("/markets")).toBe(1);
    // …and real data is never replaced by sample data.
    expect((await fetchZipData(db, local.marketData, "73307", "MARKET_STATS", TODAY)).source).toBe(
      "rentcast",
    );
  });

  it("takes over a claim whose worker died", async () => {
    const deps = vendorDeps();
    await db.zipMarketData.create({
      data: {
        zipCode: "73302",
        kind: "MARKET_STATS",
        day: new Date(`${TODAY}T00:00:00Z`),
        status: "RUNNING",
        attempts: 1,
        claimExpiresAt: new Date(Date.now() - 1000),
      },
    });
    const result = await fetchZipData(db, deps.marketData, "73302", "MARKET_STATS", TODAY);
    expect(result.source).toBe("rentcast");
    const row = await db.zipMarketData.findUniqueOrThrow({ where: { id: result.id } });
    expect(row).toMatchObject({ status: "READY", attempts: 2, claimExpiresAt: null });
  });

  it("an outage: one upstream try per zip, the reason on every artifact; required data fails the artifact for good on the last attempt", async () => {
    const deps = vendorDeps();
    const campaigns = await campaignsIn(["73303"], 10);
    rentcast.fault = (r) =>
      r.path === "/markets"
        ? { status: 503, json: { status: 503, error: "server/unavailable", message: "Service unavailable" } }
        : undefined;
    const outcomes = await Promise.allSettled(campaigns.map((c) => produce(deps, c.id, "LOCAL_MARKET")));
    expect(outcomes.every((o) => o.status === "rejected")).toBe(true);
    // One claim, retried by the client (VENDOR_RETRIES=2): 3 requests, not 30.
    expect(rentcast.count("/markets")).toBe(3);
    const pending = await db.campaignArtifact.findMany({
      where: { campaignId: { in: campaigns.map((c) => c.id) } },
    });
    expect(pending.every((a) => a.status === "PENDING")).toBe(true);
    expect(pending.every((a) => a.error?.includes("Rentcast GET /markets answered 503"))).toBe(true);

    // The last delivery of a message records the failure for good, with the reason.
    const first = campaigns[0]?.id as string;
    expect(await produce(deps, first, "LOCAL_MARKET", true)).toBe("failed");
    const failed = await db.campaignArtifact.findFirstOrThrow({
      where: { campaignId: first, kind: "LOCAL_MARKET" },
    });
    expect(failed.status).toBe("FAILED");
    expect(failed.error).toMatch(
      /^ZIP 73303 market data unavailable: Rentcast GET \/markets answered 503 \(Service Unavailable\).*gave up after 3 attempts/,
    );
    expect(rentcast.count("/markets")).toBe(3);

    // After the cool-down a later delivery fetches again and succeeds.
    rentcast.fault = null;
    await db.zipMarketData.updateMany({
      where: { zipCode: "73303" },
      data: { retryAfter: new Date(Date.now() - 1) },
    });
    expect(await produce(deps, campaigns[1]?.id as string, "LOCAL_MARKET")).toBe("produced");
    expect(rentcast.count("/markets")).toBe(4);
  });

  it("a 429 storm: requests wait it out (Retry-After) and every artifact completes, zip data still once per zip", async () => {
    const deps = vendorDeps();
    const campaigns = await campaignsIn(["73305", "73306"], 40);
    const stormUntil = performance.now() + 800;
    rentcast.fault = (r) =>
      r.at < stormUntil
        ? {
            status: 429,
            headers: { "retry-after": "1" },
            json: { status: 429, error: "auth/rate-limit-exceeded", message: "Rate limit exceeded" },
          }
        : undefined;
    const kinds: ArtifactKind[] = ["LOCAL_MARKET", "PROPERTY_VALUATION"];
    const outcomes = await Promise.all(
      campaigns.flatMap((c) => kinds.map((kind) => produce(deps, c.id, kind))),
    );
    expect(outcomes.every((o) => o === "produced")).toBe(true);
    expect(rentcast.statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const markets = rentcast.requests.filter((r) => r.path === "/markets");
    expect(markets.filter((r) => r.at >= stormUntil)).toHaveLength(2);
    expect(markets.length).toBeLessThanOrEqual(2 * 3);
    expect(rentcast.requests.filter((r) => r.path === "/avm/value" && r.at >= stormUntil)).toHaveLength(40);
  });

  it("listings fall back to Rentcast when both Zillow APIs fail", async () => {
    const deps = vendorDeps({ VENDOR_RETRIES: "0" });
    const [campaign] = await campaignsIn(["73304"], 1);
    zillowV1.fault = () => ({ status: 500, json: { message: "Internal error" } });
    zillowV2.fault = () => ({ status: 200, text: "{" });
    expect(await produce(deps, campaign?.id as string, "ACTIVE_LISTINGS")).toBe("produced");
    const artifact = await db.campaignArtifact.findFirstOrThrow({
      where: { campaignId: campaign?.id, kind: "ACTIVE_LISTINGS" },
    });
    expect(artifact.source).toBe("rentcast");
    expect(artifact.payload).toHaveLength(5);
  });
});
