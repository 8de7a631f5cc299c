import { describe, expect, it } from "vitest";
import { createSampleMarketDataProvider } from "@/lib/market-data/sample-provider";
import { listingSummary, marketStats, type PropertyToValue, valuation } from "@/lib/market-data/types";

const provider = createSampleMarketDataProvider();
const DAY = "2026-11-20";
const ZIPS = ["78704", "07043", "94110", "60614", "33101", "98103", "10001", "85004", "27601", "55401"];
const home: PropertyToValue = { addressLine1: "12 Elm St", city: "Austin", state: "TX", zipCode: "78704" };

function previousMonthDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 10);
}

describe("sample market data provider", () => {
  it("says it is sample data", () => {
    expect(provider.source).toBe("sample");
  });

  it("is deterministic: the same zip, address and day give the same data", async () => {
    const again = createSampleMarketDataProvider();
    expect(await provider.getMarketStats("78704", DAY)).toEqual(await again.getMarketStats("78704", DAY));
    expect(await provider.getActiveListings("78704", DAY)).toEqual(
      await again.getActiveListings("78704", DAY),
    );
    expect(await provider.getRecentSales("78704", DAY)).toEqual(await again.getRecentSales("78704", DAY));
    expect(await provider.getValuation(home, DAY)).toEqual(await again.getValuation({ ...home }, DAY));
    // Address spelling that means the same home.
    expect(await provider.getValuation({ ...home, addressLine1: " 12  ELM st " }, DAY)).toEqual(
      await provider.getValuation(home, DAY),
    );
  });

  it("gives different zips, addresses and days different data", async () => {
    const medians = await Promise.all(
      ZIPS.map(async (zip) => (await provider.getMarketStats(zip, DAY)).medianPrice),
    );
    expect(new Set(medians).size).toBe(ZIPS.length);
    const other = await provider.getValuation({ ...home, addressLine1: "4810 Cedar Ln" }, DAY);
    expect(other.value).not.toBe((await provider.getValuation(home, DAY)).value);
    expect(await provider.getActiveListings("78704", "2026-11-21")).not.toEqual(
      await provider.getActiveListings("78704", DAY),
    );
  });

  it("returns schema-valid payloads that survive a JSON round trip", async () => {
    for (const zip of ZIPS) {
      const stats = await provider.getMarketStats(zip, DAY);
      expect(marketStats.parse(JSON.parse(JSON.stringify(stats)))).toEqual(stats);
      for (const l of [
        ...(await provider.getActiveListings(zip, DAY)),
        ...(await provider.getRecentSales(zip, DAY)),
      ]) {
        expect(listingSummary.parse(l)).toEqual(l);
      }
      const v = await provider.getValuation({ ...home, zipCode: zip }, DAY);
      expect(valuation.parse(JSON.parse(JSON.stringify(v)))).toEqual(v);
    }
  });

  it("keeps market numbers plausible over many zips and months", async () => {
    for (let i = 0; i < 300; i++) {
      const zip = String((i * 3331 + 1001) % 100_000).padStart(5, "0");
      const day = `20${25 + (i % 3)}-${String((i % 12) + 1).padStart(2, "0")}-15`;
      const stats = await provider.getMarketStats(zip, day);
      // From a small town in West Virginia to San Francisco.
      expect(stats.medianPrice).toBeGreaterThanOrEqual(90_000);
      expect(stats.medianPrice).toBeLessThanOrEqual(2_500_000);
      expect(stats.history).toHaveLength(13);
      expect(stats.history.at(-1)).toEqual({ month: day.slice(0, 7), medianPrice: stats.medianPrice });
      for (let m = 1; m < stats.history.length; m++) {
        const now = stats.history[m]?.medianPrice ?? 0;
        const before = stats.history[m - 1]?.medianPrice ?? 1;
        expect(Math.abs(now / before - 1)).toBeLessThanOrEqual(0.03);
      }
      expect(Math.abs(stats.medianPriceChangeMonthPct ?? 99)).toBeLessThanOrEqual(3);
      expect(stats.medianDaysOnMarket).toBeGreaterThanOrEqual(5);
      expect(stats.medianDaysOnMarket).toBeLessThanOrEqual(120);
      expect(stats.newListings).toBeLessThanOrEqual(stats.activeListings);
      expect(stats.medianPricePerSqft).toBeGreaterThan(40);
      expect(stats.medianPricePerSqft).toBeLessThan(1600);
    }
  });

  it("uses every trend across zips", async () => {
    const trends = new Set<string>();
    for (let i = 0; i < 200; i++)
      trends.add((await provider.getMarketStats(String(10_000 + i * 397), DAY)).trend);
    expect(trends).toEqual(new Set(["rising", "falling", "steady"]));
  });

  it("lists 3–6 active homes in the zip, newest first, with street addresses", async () => {
    const listings = await provider.getActiveListings("78704", DAY);
    expect(listings.length).toBeGreaterThanOrEqual(3);
    expect(listings.length).toBeLessThanOrEqual(6);
    for (const l of listings) {
      expect(l).toMatchObject({ city: "Austin", state: "TX", zipCode: "78704", soldDate: null });
      expect(l.addressLine1).toMatch(/^\d{3,4} [A-Z][A-Za-z ]+ [A-Z][a-z]+( #\d+)?$/);
      expect(l.listedDate < DAY).toBe(true);
    }
    const days = listings.map((l) => l.daysOnMarket ?? 0);
    expect(days).toEqual([...days].sort((a, b) => a - b));
  });

  it("lists sales of the last 60 days, most recent first", async () => {
    const sales = await provider.getRecentSales("07043", DAY);
    expect(sales.length).toBeGreaterThanOrEqual(3);
    const sold = sales.map((s) => s.soldDate ?? "");
    expect(sold).toEqual([...sold].sort().reverse());
    for (const s of sales) {
      expect(s).toMatchObject({ city: "Montclair", state: "NJ" });
      expect(s.soldDate && s.soldDate < DAY && s.soldDate >= "2026-09-21").toBe(true);
      expect(s.listedDate < (s.soldDate ?? "")).toBe(true);
    }
  });

  it("values a home inside its range, moving a few percent a month with its market", async () => {
    for (let i = 0; i < 200; i++) {
      const property = {
        ...home,
        addressLine1: `${100 + i} Maple Ave`,
        zipCode: String(20_000 + i * 401),
        // Half of them with the purchase the campaign knows.
        ...(i % 2 ? { purchasePrice: 250_000 + i * 5_000, purchaseDate: `${1998 + (i % 27)}-06-15` } : {}),
      };
      const day = `2026-${String((i % 12) + 1).padStart(2, "0")}-0${1 + (i % 9)}`;
      const v = await provider.getValuation(property, day);
      expect(v.rangeLow).toBeLessThan(v.value);
      expect(v.value).toBeLessThan(v.rangeHigh);
      expect(v.value).toBeGreaterThan(100_000);
      expect(v.asOf).toBe(day);
      expect(v.comparables.length).toBeGreaterThanOrEqual(3);
      const previous = await provider.getValuation(property, previousMonthDay(day));
      expect(Math.abs(v.value / previous.value - 1)).toBeLessThan(0.035);
    }
  });

  it("prices each area like that area: its market, its listings and its sales", async () => {
    const areas: [zip: string, place: string, low: number, high: number][] = [
      ["07042", "Montclair, NJ", 850_000, 1_300_000],
      ["07043", "Upper Montclair, NJ", 950_000, 1_450_000],
      ["07003", "Bloomfield, NJ", 430_000, 720_000],
      ["94110", "San Francisco, CA", 800_000, 2_300_000],
      ["77005", "Houston, TX", 170_000, 450_000],
      ["25301", "Charleston, WV", 100_000, 280_000],
    ];
    for (const [zip, place, low, high] of areas) {
      const stats = await provider.getMarketStats(zip, DAY);
      expect(stats.medianPrice, place).toBeGreaterThanOrEqual(low);
      expect(stats.medianPrice, place).toBeLessThanOrEqual(high);
      const homes = [
        ...(await provider.getActiveListings(zip, DAY)),
        ...(await provider.getRecentSales(zip, DAY)),
      ];
      const prices = homes.map((h) => h.price).sort((a, b) => a - b);
      const middle = prices[Math.floor(prices.length / 2)] ?? 0;
      expect(middle / stats.medianPrice, place).toBeGreaterThan(0.6);
      expect(middle / stats.medianPrice, place).toBeLessThan(1.6);
      for (const price of prices) {
        expect(price, place).toBeGreaterThan(stats.medianPrice * 0.35);
        expect(price, place).toBeLessThan(stats.medianPrice * 2.5);
      }
    }
  });

  it("values a home at its purchase price grown with its market since", async () => {
    const demo: [address: string, zip: string, paid: number, on: string][] = [
      ["38 Lorraine Avenue", "07043", 865_000, "2021-06-18"],
      ["57 Ridgewood Avenue", "07028", 1_140_000, "2019-09-05"],
      ["246 Park Street", "07042", 712_500, "2022-04-29"],
    ];
    for (const [addressLine1, zipCode, purchasePrice, purchaseDate] of demo) {
      const property = { addressLine1, city: "Montclair", state: "NJ", zipCode, purchasePrice, purchaseDate };
      const v = await provider.getValuation(property, "2026-12-05");
      const years = (Date.parse("2026-12-05") - Date.parse(purchaseDate)) / (365.25 * 86_400_000);
      const yearly = (v.value / purchasePrice) ** (1 / years) - 1;
      expect(yearly, addressLine1).toBeGreaterThan(0);
      expect(yearly, addressLine1).toBeLessThan(0.09);
      // Deterministic per campaign: the same home and purchase, the same value.
      expect(await provider.getValuation({ ...property }, "2026-12-05")).toEqual(v);
    }

    // Over many zips and purchase years: a plausible yearly rate, never the zip's price out of the blue.
    for (let i = 0; i < 300; i++) {
      const year = 1996 + (i % 28);
      const purchase = { purchasePrice: 300_000 + (i % 7) * 90_000, purchaseDate: `${year}-03-20` };
      const property = {
        ...home,
        addressLine1: `${i + 1} Birch Ct`,
        zipCode: String(10_000 + i * 293),
        ...purchase,
      };
      const v = await provider.getValuation(property, DAY);
      const yearly = (v.value / purchase.purchasePrice) ** (1 / (2026.9 - year - 0.2)) - 1;
      expect(yearly).toBeGreaterThan(-0.03);
      expect(yearly).toBeLessThan(0.1);
    }
  });

  it("values from the zip's market when the purchase is unknown or after the valuation day", async () => {
    const without = await provider.getValuation(home, DAY);
    expect(await provider.getValuation({ ...home, purchasePrice: 415_000, purchaseDate: null }, DAY)).toEqual(
      without,
    );
    expect(
      await provider.getValuation({ ...home, purchasePrice: 415_000, purchaseDate: "2026-12-01" }, DAY),
    ).toEqual(without);
    expect(
      await provider.getValuation({ ...home, purchasePrice: 415_000, purchaseDate: "2016-12-01" }, DAY),
    ).not.toEqual(without);
  });

  it("values a bigger home higher than a smaller one on the same street", async () => {
    const small = await provider.getValuation({ ...home, squareFootage: 1200 }, DAY);
    const large = await provider.getValuation({ ...home, squareFootage: 3200 }, DAY);
    expect(large.value).toBeGreaterThan(small.value * 1.5);
  });

  it("refuses a malformed zip or day instead of inventing data for it", async () => {
    await expect(provider.getMarketStats("787", DAY)).rejects.toThrow(/5-digit ZIP/);
    await expect(provider.getActiveListings("78704", "2026-13-01")).rejects.toThrow(/YYYY-MM-DD/);
    await expect(provider.getValuation({ ...home, zipCode: "ABCDE" }, DAY)).rejects.toThrow(/5-digit ZIP/);
  });
});
