import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createZillowClient, DEFAULT_PRIMARY_SOURCE } from "@/lib/clients/zillow/create-zillow-client";
import type { ZillowConfig } from "@/lib/clients/zillow/types";
import { logger } from "@/lib/logger";
import { listingSummary } from "@/lib/market-data/types";
import type { VendorServer } from "@/test/vendors/vendor-server";
import { RAPIDAPI_KEY, startZillowServer, V1_HOST, V2_HOST } from "@/test/vendors/zillow-server";

const TODAY = "2025-08-20";
const log = logger.child({}, { level: "silent" });
let v1: VendorServer;
let v2: VendorServer;

function config(overrides: Partial<ZillowConfig> = {}): ZillowConfig {
  return {
    apiKey: RAPIDAPI_KEY,
    primary: undefined,
    v1: { baseUrl: v1.url, host: V1_HOST },
    v2: { baseUrl: v2.url, host: V2_HOST },
    requestsPerSecond: 1000,
    timeoutMs: 300,
    retries: 1,
    ...overrides,
  };
}

beforeAll(async () => {
  v1 = await startZillowServer("v1", { today: TODAY });
  v2 = await startZillowServer("v2", { today: TODAY });
});
afterEach(() => {
  for (const s of [v1, v2]) {
    s.fault = null;
    s.requests.length = 0;
  }
});
afterAll(async () => {
  await v1.close();
  await v2.close();
});

describe("Zillow clients", () => {
  it("v1 is the default primary and reads listings from /propertyExtendedSearch", async () => {
    expect(DEFAULT_PRIMARY_SOURCE).toBe("zillow-v1");
    const { data, source } = await createZillowClient(config(), log).getActiveListings("78041", TODAY);
    expect(source).toBe("zillow-v1");
    expect(data).toHaveLength(3);
    for (const l of data) expect(listingSummary.parse(l)).toEqual(l);
    expect(data[0]).toMatchObject({
      addressLine1: "700 Emerson Loop",
      city: "Laredo",
      state: "TX",
      zipCode: "78041",
      price: 467000,
      bedrooms: 4,
      bathrooms: 3,
      squareFootage: 2410,
      daysOnMarket: 16,
      listedDate: "2025-08-04",
      soldDate: null,
      propertyType: "single_family",
    });
    const request = v1.requests[0];
    expect(request?.headers["x-rapidapi-key"]).toBe(RAPIDAPI_KEY);
    expect(request?.headers["x-rapidapi-host"]).toBe(V1_HOST);
    expect(Object.fromEntries(request?.query ?? [])).toEqual({
      location: "78041",
      status_type: "ForSale",
      home_type: "Houses",
    });
    expect(v2.count()).toBe(0);
  });

  it("v1 and v2 give the same facts for the same homes", async () => {
    const fromV1 = await createZillowClient(config({ primary: "zillow-v1" }), log).getRecentSales(
      "78041",
      TODAY,
    );
    const fromV2 = await createZillowClient(config({ primary: "zillow-v2" }), log).getRecentSales(
      "78041",
      TODAY,
    );
    expect(fromV2.source).toBe("zillow-v2");
    expect(fromV1.data.map((s) => s.soldDate)).toEqual(["2025-08-10", "2025-08-09", "2025-08-08"]);
    expect(fromV2.data.map((s) => s.soldDate)).toEqual(["2025-08-10", "2025-08-09"]);
    const strip = (l: (typeof fromV1.data)[number]) => ({ ...l, addressLine1: "", price: 0 });
    expect(strip(fromV2.data[0] as never)).toEqual(strip(fromV1.data[0] as never));
    expect(v2.requests[0]?.query.get("status")).toBe("recentlySold");
  });

  it("falls back from v1 to v2 when v1 fails (outage, malformed body, timeout)", async () => {
    const faults = [
      () => ({ status: 503, json: { message: "Service Unavailable" } }),
      () => ({ status: 200, json: { props: [{ zpid: "1" }] } }),
      () => "hang" as const,
    ];
    for (const fault of faults) {
      v1.fault = fault;
      v1.requests.length = 0;
      const { data, source } = await createZillowClient(config(), log).getActiveListings("78041", TODAY);
      expect(source).toBe("zillow-v2");
      expect(data.map((l) => l.addressLine1)).toEqual(["800 Emerson Loop", "801 Emerson Loop"]);
    }
    expect(v2.count()).toBe(3);
  });

  it("reports both failures when v1 and v2 fail", async () => {
    v1.fault = () => ({
      status: 429,
      json: { message: "You have exceeded the rate limit per second for your plan" },
    });
    v2.fault = () => ({ status: 403, json: { message: "You are not subscribed to this API." } });
    await expect(createZillowClient(config(), log).getRecentSales("78041", TODAY)).rejects.toThrow(
      /^Zillow recent sales failed on both APIs: Zillow \(v1\) GET \/propertyExtendedSearch answered 429 .*gave up after 2 attempts\); then Zillow \(v2\) GET \/search answered 403 .*not subscribed/,
    );
    expect(v1.count()).toBe(2);
    expect(v2.count()).toBe(1);
  });
});
