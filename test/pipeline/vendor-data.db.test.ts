import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { type PipelineHarness, startPipelineHarness } from "@/test/pipeline/pipeline-harness";
import { RENTCAST_KEY, startRentcastServer } from "@/test/vendors/rentcast-server";
import type { VendorServer } from "@/test/vendors/vendor-server";
import { RAPIDAPI_KEY, startZillowServer } from "@/test/vendors/zillow-server";

/**
 * Issue 4 acceptance, end to end: with vendor keys set, two real worker processes gather every
 * cycle's data from local servers speaking Rentcast's and Zillow's wire formats. Zip-level data costs
 * one upstream call per zip across both processes; Zillow v1's sales endpoint is down, so sales come
 * from v2; the emails carry the vendors' figures.
 */

const CAMPAIGNS = 60;
const ZIP_COUNT = 8; // the harness spreads campaigns over eight zip codes
const TODAY = new Date().toISOString().slice(0, 10);
let harness: PipelineHarness;
let rentcast: VendorServer;
let zillowV1: VendorServer;
let zillowV2: VendorServer;

beforeAll(async () => {
  rentcast = await startRentcastServer({ today: TODAY, requestsPerSecond: 20, latencyMs: 20 });
  zillowV1 = await startZillowServer("v1", { today: TODAY });
  zillowV2 = await startZillowServer("v2", { today: TODAY });
  zillowV1.fault = (request) =>
    request.query.get("status_type") === "RecentlySold"
      ? { status: 503, json: { message: "Service Unavailable" } }
      : undefined;
  harness = await startPipelineHarness({ name: "vendor-data", stuckAfterMinutes: 0.5 });
  await harness.startEmulator();
  const env = {
    RENTCAST_API_KEY: RENTCAST_KEY,
    RENTCAST_BASE_URL: rentcast.url,
    RAPIDAPI_KEY,
    ZILLOW_V1_BASE_URL: zillowV1.url,
    ZILLOW_V2_BASE_URL: zillowV2.url,
    ZILLOW_REQUESTS_PER_SECOND: "50",
    VENDOR_RETRIES: "1",
  };
  harness.startWorker(env);
  harness.startWorker(env);
}, 180_000);

afterAll(async () => {
  await harness?.close();
  await Promise.all([rentcast?.close(), zillowV1?.close(), zillowV2?.close()]);
}, 30_000);

describe(`${CAMPAIGNS} campaigns with real vendor clients in two worker processes`, () => {
  let ids: string[] = [];

  beforeAll(async () => {
    const agents = await harness.seedAgents(4);
    ids = (await harness.seedDueCampaigns(agents, CAMPAIGNS)).map((c) => c.id);
    await harness.waitForCycleCompleted(ids, 90_000);
  }, 120_000);

  it("makes one market, listings and sales call per zip, and one valuation per campaign", () => {
    expect(rentcast.count("/markets")).toBe(ZIP_COUNT);
    expect(rentcast.count("/avm/value")).toBe(CAMPAIGNS);
    expect(rentcast.count("/listings")).toBe(0);
    expect(zillowV1.requests.filter((r) => r.query.get("status_type") === "ForSale")).toHaveLength(ZIP_COUNT);
    // v1's sales endpoint fails (first try + one retry per zip); v2 answers once per zip.
    expect(zillowV1.requests.filter((r) => r.query.get("status_type") === "RecentlySold")).toHaveLength(
      ZIP_COUNT * 2,
    );
    expect(zillowV2.count("/search")).toBe(ZIP_COUNT);
    expect(rentcast.statuses.filter((s) => s === 429)).toEqual([]);
  });

  it("records each artifact's vendor, and the emails carry the vendors' figures", async () => {
    const db = getDb();
    const artifacts = await db.campaignArtifact.groupBy({
      by: ["kind", "status", "source"],
      where: {
        campaignId: { in: ids },
        kind: { in: ["LOCAL_MARKET", "ACTIVE_LISTINGS", "RECENT_SALES", "PROPERTY_VALUATION"] },
      },
      _count: true,
    });
    expect(artifacts.map((a) => `${a.kind}/${a.status}/${a.source}=${a._count}`).sort()).toEqual([
      `ACTIVE_LISTINGS/READY/zillow-v1=${CAMPAIGNS}`,
      `LOCAL_MARKET/READY/rentcast=${CAMPAIGNS}`,
      `PROPERTY_VALUATION/READY/rentcast=${CAMPAIGNS}`,
      `RECENT_SALES/READY/zillow-v2=${CAMPAIGNS}`,
    ]);
    const emails = await db.email.findMany({
      where: { campaignId: { in: ids } },
      select: { textBody: true },
    });
    expect(emails).toHaveLength(CAMPAIGNS);
    for (const email of emails) {
      expect(email.textBody).toContain("$232,000");
      expect(email.textBody).toContain("700 Emerson Loop");
      expect(email.textBody).toContain("800 Emerson Loop");
      expect(email.textBody).not.toMatch(/sample data/i);
    }
  });
});
