import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRentcastClient } from "@/lib/clients/rentcast/rentcast-client";
import { logger } from "@/lib/logger";
import { listingSummary, marketStats, valuation } from "@/lib/market-data/types";
import { RENTCAST_KEY, startRentcastServer } from "@/test/vendors/rentcast-server";
import type { VendorServer } from "@/test/vendors/vendor-server";

const TODAY = "2025-08-20";
const log = logger.child({}, { level: "silent" });
const home = { addressLine1: "5500 Grand Lake Dr", city: "San Antonio", state: "TX", zipCode: "78244" };
let server: VendorServer;

function client(
  options: { retries?: number; timeoutMs?: number; requestsPerSecond?: number; apiKey?: string } = {},
) {
  return createRentcastClient(
    {
      apiKey: options.apiKey ?? RENTCAST_KEY,
      baseUrl: server.url,
      requestsPerSecond: options.requestsPerSecond ?? 1000,
      timeoutMs: options.timeoutMs ?? 2000,
      retries: options.retries ?? 3,
    },
    log,
    { minRetryDelayMs: 5, maxRetryDelayMs: 20 },
  );
}

beforeAll(async () => {
  server = await startRentcastServer({ today: TODAY });
});
afterEach(() => {
  server.fault = null;
  server.requests.length = 0;
});
afterAll(() => server.close());

describe("Rentcast client", () => {
  it("maps market statistics with the change against last month and last year", async () => {
    const stats = await client().getMarketStats("78704", TODAY);
    expect(marketStats.parse(stats)).toEqual(stats);
    expect(stats).toMatchObject({
      zipCode: "78704",
      asOf: TODAY,
      medianPriceChangeMonthPct: 1,
      medianPriceChangeYearPct: 12.7,
      medianDaysOnMarket: 45,
      activeListings: 265,
      newListings: 21,
      medianPricePerSqft: 178,
      trend: "rising",
    });
    expect(stats.history).toHaveLength(13);
    expect(stats.history.at(-1)).toEqual({ month: "2025-08", medianPrice: stats.medianPrice });
    const request = server.requests[0];
    expect(request?.path).toBe("/markets");
    expect(Object.fromEntries(request?.query ?? [])).toEqual({
      zipCode: "78704",
      dataType: "Sale",
      historyRange: "13",
    });
    expect(request?.headers["x-api-key"]).toBe(RENTCAST_KEY);
  });

  it("maps active listings newest first and recent sales within 90 days, latest first", async () => {
    const listings = await client().getActiveListings("78704", TODAY);
    expect(listings).toHaveLength(5);
    for (const l of listings) expect(listingSummary.parse(l)).toEqual(l);
    expect(listings[0]).toMatchObject({
      addressLine1: "100 Test St",
      city: "Austin",
      state: "TX",
      zipCode: "78704",
      bedrooms: 4,
      bathrooms: 2.5,
      squareFootage: 2345,
      soldDate: null,
      propertyType: "single_family",
      listedDate: "2025-07-11",
    });
    const sales = await client().getRecentSales("78704", TODAY);
    expect(sales.map((s) => s.soldDate)).toEqual(["2025-08-20", "2025-07-21", "2025-06-21", "2025-05-22"]);
    expect(server.requests.map((r) => r.query.get("status"))).toEqual(["Active", "Inactive"]);
  });

  it("maps a valuation with its range and comparables", async () => {
    const v = await client().getValuation({ ...home, bedrooms: 3, bathrooms: 2 }, TODAY);
    expect(valuation.parse(v)).toEqual(v);
    expect(v).toMatchObject({ value: 232000, rangeLow: 213000, rangeHigh: 251000, asOf: TODAY });
    expect(v.subject).toEqual({
      propertyType: "single_family",
      bedrooms: 3,
      bathrooms: 2,
      squareFootage: 1878,
      yearBuilt: 1973,
      lastSaleDate: "2024-11-18",
      lastSalePrice: 270000,
      latitude: 29.475962,
      longitude: -98.351442,
    });
    expect(v.comparables).toEqual([
      expect.objectContaining({
        addressLine1: "6807 Blue Lake Dr",
        price: 198000,
        soldDate: "2023-03-20",
        listedDate: "2023-02-18",
        distanceMiles: 0.2009,
      }),
    ]);
    expect(server.requests[0]?.query.get("address")).toBe("5500 Grand Lake Dr, San Antonio, TX 78244");
    expect(server.requests[0]?.query.get("bedrooms")).toBe("3");
  });

  it("reads property facts", async () => {
    expect(await client().getPropertyFacts(home)).toMatchObject({
      bedrooms: 3,
      squareFootage: 1878,
      lastSaleDate: "2024-11-18",
      lastSalePrice: 270000,
      assessedValue: 225000,
    });
  });

  it("rides out a 429 storm with backoff (honouring Retry-After) and succeeds", async () => {
    server.fault = (_r, i) =>
      i < 4
        ? {
            status: 429,
            headers: { "retry-after": "0" },
            json: { status: 429, error: "auth/rate-limit-exceeded", message: "Rate limit exceeded" },
          }
        : undefined;
    const stats = await client({ retries: 5 }).getMarketStats("78704", TODAY);
    expect(stats.zipCode).toBe("78704");
    expect(server.count()).toBe(5);
  });

  it("gives up on an endless 429 with a clear error after its retries", async () => {
    server.fault = () => ({
      status: 429,
      json: { status: 429, error: "auth/rate-limit-exceeded", message: "Rate limit exceeded" },
    });
    await expect(client({ retries: 2 }).getMarketStats("78704", TODAY)).rejects.toThrow(
      /^Rentcast GET \/markets answered 429 \(rate limited\).*auth\/rate-limit-exceeded.*\(gave up after 3 attempts\)$/,
    );
    expect(server.count()).toBe(3);
  });

  it("retries 5xx, then succeeds", async () => {
    server.fault = (_r, i) =>
      i < 2 ? { status: i === 0 ? 502 : 503, text: "<html>Bad gateway</html>" } : undefined;
    expect((await client().getValuation(home, TODAY)).value).toBe(232000);
    expect(server.count()).toBe(3);
  });

  it("times out a request that never answers, retries it, and reports the timeout when all hang", async () => {
    server.fault = (_r, i) => (i === 0 ? "hang" : undefined);
    expect((await client({ timeoutMs: 200 }).getValuation(home, TODAY)).value).toBe(232000);
    expect(server.count()).toBe(2);
    server.fault = () => "hang";
    server.requests.length = 0;
    await expect(client({ timeoutMs: 150, retries: 1 }).getValuation(home, TODAY)).rejects.toThrow(
      "Rentcast GET /avm/value timed out after 150 ms (gave up after 2 attempts)",
    );
    expect(server.count()).toBe(2);
  });

  it("refuses a malformed body or a missing required field at once, naming the field", async () => {
    server.fault = () => ({ status: 200, text: "<html>maintenance</html>" });
    await expect(client().getMarketStats("78704", TODAY)).rejects.toThrow(
      "Rentcast GET /markets returned a body that is not JSON: <html>maintenance</html>",
    );
    expect(server.count()).toBe(1);
    server.fault = () => ({
      status: 200,
      json: {
        zipCode: "78704",
        saleData: { lastUpdatedDate: "2025-08-15", medianDaysOnMarket: 4, totalListings: 3, extra: true },
      },
    });
    await expect(client().getMarketStats("78704", TODAY)).rejects.toThrow(
      /returned an unexpected response: saleData\.medianPrice: Invalid input: expected number/,
    );
    server.fault = () => ({ status: 200, json: { price: 1, priceRangeLow: 1 } });
    await expect(client().getValuation(home, TODAY)).rejects.toThrow(/priceRangeHigh/);
    expect(server.count()).toBe(3);
  });

  it("does not retry a refused key", async () => {
    await expect(client({ apiKey: "wrong" }).getMarketStats("78704", TODAY)).rejects.toThrow(
      'Rentcast GET /markets answered 401 (Unauthorized): {"status":401,"error":"auth/api-key-invalid","message":"The API key provided is invalid"}',
    );
    expect(server.count()).toBe(1);
  });
});

describe("Rentcast rate limiter", () => {
  it("keeps 60 concurrent calls within 20 requests/s: no 429 from a vendor that allows 20/s", async () => {
    const limited = await startRentcastServer({ today: TODAY, requestsPerSecond: 20 });
    try {
      const rc = createRentcastClient(
        { apiKey: RENTCAST_KEY, baseUrl: limited.url, requestsPerSecond: 20, timeoutMs: 5000, retries: 0 },
        log,
      );
      const started = Date.now();
      await Promise.all(Array.from({ length: 60 }, (_, i) => rc.getMarketStats(String(10000 + i), TODAY)));
      const elapsed = Date.now() - started;
      expect(limited.count()).toBe(60);
      // 20 at once, then 20 per second: the last batch leaves after 2 s.
      expect(elapsed).toBeGreaterThanOrEqual(1900);
      expect(elapsed).toBeLessThan(4500);
    } finally {
      await limited.close();
    }
  });
});
