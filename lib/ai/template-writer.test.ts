import { describe, expect, it } from "vitest";
import { introRules } from "@/lib/ai/bedrock-writer";
import { checkWrittenText } from "@/lib/ai/check-written-text";
import { createTemplateWriter } from "@/lib/ai/template-writer";
import type { HomeReportInput, IntroInput } from "@/lib/ai/types";
import { writtenText } from "@/lib/ai/types";
import { introFacts } from "@/lib/ai/writing-facts";
import { createSampleMarketDataProvider } from "@/lib/market-data/sample-provider";
import { TEST_MARKET, TEST_VALUATION } from "@/test/factories/market-data";

const writer = createTemplateWriter();

const intro: IntroInput = {
  clientFirstName: "Maria",
  agentFirstName: "Sam",
  agentTone: null,
  month: "2026-11",
  timeZone: "America/Chicago",
};

const valuation = TEST_VALUATION;

const market = TEST_MARKET;

const report: HomeReportInput = {
  clientFirstName: "Maria",
  property: { addressLine1: "12 Elm St", city: "Austin", state: "TX", zipCode: "78704" },
  valuation,
  previousValue: 446_000,
  market,
};

function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+/).filter(Boolean);
}

/** Every figure in `text` ("$452,000", "4.2%", "32") must be one of `allowed`. */
function expectOnlyFigures(text: string, allowed: string[]) {
  const figures = text.match(/\$?\d+(?:,\d{3})*(?:\.\d+)?%?/g) ?? [];
  for (const figure of figures) expect(allowed, `unexpected figure ${figure} in: ${text}`).toContain(figure);
}

describe("template writer: intro", () => {
  it("writes 2–4 plain sentences and says it is the template writer", async () => {
    const out = await writer.writeIntro(intro);
    expect(writtenText.parse(out)).toEqual({
      text: out.text,
      source: "template",
      model: null,
      inputTokens: null,
      outputTokens: null,
    });
    const count = sentences(out.text).length;
    expect(count).toBeGreaterThanOrEqual(2);
    expect(count).toBeLessThanOrEqual(4);
    expect(out.text).not.toMatch(/[*#_`<>{}]|^Hi\b/);
  });

  it("is deterministic and varies between clients", async () => {
    expect(await writer.writeIntro(intro)).toEqual(await writer.writeIntro({ ...intro }));
    const names = ["Maria", "James", "Aisha", "Tom", "Mei", "Carlos", "Nora", "Liam"];
    const texts = await Promise.all(
      names.map((clientFirstName) => writer.writeIntro({ ...intro, clientFirstName })),
    );
    expect(new Set(texts.map((t) => t.text)).size).toBeGreaterThan(2);
  });

  it("changes with the season and names the month", async () => {
    const june = (await writer.writeIntro({ ...intro, month: "2026-06" })).text;
    const december = (await writer.writeIntro({ ...intro, month: "2026-12" })).text;
    expect(june).not.toBe(december);
    expect(june).toMatch(/summer|June/i);
    expect(december).toMatch(/holiday|year/i);
    const all = await Promise.all(
      ["01", "04", "07", "10"].map(
        async (m) => (await writer.writeIntro({ ...intro, month: `2027-${m}` })).text,
      ),
    );
    expect(new Set(all).size).toBe(4);
  });

  it("reads a Date in the agent's time zone", async () => {
    // 03:00 UTC on Dec 1 is still November 30 in Chicago.
    const instant = new Date("2026-12-01T03:00:00Z");
    expect((await writer.writeIntro({ ...intro, month: instant })).text).toBe(
      (await writer.writeIntro(intro)).text,
    );
    const tokyo = (await writer.writeIntro({ ...intro, month: instant, timeZone: "Asia/Tokyo" })).text;
    expect(tokyo).toBe((await writer.writeIntro({ ...intro, month: "2026-12" })).text);
  });

  it("follows a formal tone", async () => {
    const formal = (await writer.writeIntro({ ...intro, agentTone: "Professional and concise" })).text;
    expect(formal).toContain("Please don't hesitate to reach out");
    expect(formal).not.toContain("just reply");
  });

  it("refuses a malformed month", async () => {
    await expect(writer.writeIntro({ ...intro, month: "2026-13" })).rejects.toThrow(/YYYY-MM/);
  });

  it("refers only to what every email shows, and passes the AI intro's checks (issue 15)", async () => {
    // Every month, both tones and enough clients to reach each variant: the built-in intro is
    // written before the month's data, so it may speak of the value and the local market (required
    // data, in every email) and of nothing that comes and goes (rates, equity, listings, sales).
    const names = ["Maria", "James", "Aisha", "Tom", "Mei", "Carlos", "Nora", "Liam", "Ana", "Raj"];
    const texts = new Set<string>();
    for (let m = 1; m <= 12; m++) {
      for (const agentTone of [null, "Professional and concise"]) {
        for (const clientFirstName of names) {
          const input = { ...intro, clientFirstName, agentTone, month: `2027-${String(m).padStart(2, "0")}` };
          const { text } = await writer.writeIntro(input);
          texts.add(text);
          // The built-in intro leaves the client's name to the greeting; every other check applies.
          const rules = { ...introRules(input), mustMention: [] };
          expect(
            checkWrittenText({ text, stopReason: "end_turn" }, introFacts(input).data, rules),
            text,
          ).toEqual([]);
        }
      }
    }
    expect(texts.size).toBeGreaterThan(100);
  });
});

describe("template writer: home report", () => {
  it("reports the value, its range, the change and the market in one short paragraph", async () => {
    const { text } = await writer.writeHomeReport(report);
    expect(text).toContain("12 Elm St");
    expect(text).toContain("$452,000");
    expect(text).toContain("$418,000 to $486,000");
    expect(text).toContain("up $6,000 (1.3%)");
    expect(text).toContain("$430,500");
    expect(text).toContain("about 32 days");
    expect(text).toContain("118 homes are for sale");
    expect(text).toContain("rising (up 4.2% over the past year)");
    expect(text).not.toContain("\n");
    expect(sentences(text).length).toBeLessThanOrEqual(5);
    expectOnlyFigures(text, [
      "12",
      "$452,000",
      "$418,000",
      "$486,000",
      "$6,000",
      "1.3%",
      "78704",
      "$430,500",
      "32",
      "118",
      "4.2%",
    ]);
  });

  it("says in words when the value went down, and when it stayed about the same", async () => {
    const down = (await writer.writeHomeReport({ ...report, previousValue: 461_500 })).text;
    expect(down).toContain("below the $461,500 in my last update");
    expect(down).not.toMatch(/\$9,500|2\.1%/);
    const same = (await writer.writeHomeReport({ ...report, previousValue: 451_000 })).text;
    expect(same).toContain("about the same as my last update ($451,000)");
    expect(same).not.toMatch(/\bup\b \$|\bdown\b \$/);
  });

  it("handles a first report and missing market data", async () => {
    const text = (await writer.writeHomeReport({ ...report, previousValue: null, market: null })).text;
    expect(text).toContain("first home report");
    expect(text).not.toContain("median");
    expectOnlyFigures(text, ["12", "$452,000", "$418,000", "$486,000"]);
  });

  it("describes falling and steady markets, quoting the year's change only when it agrees", async () => {
    const falling = (
      await writer.writeHomeReport({
        ...report,
        market: { ...market, trend: "falling", medianPriceChangeYearPct: -1.8 },
      })
    ).text;
    expect(falling).toContain("eased (down 1.8% over the past year)");
    const steady = (
      await writer.writeHomeReport({
        ...report,
        market: { ...market, trend: "steady", medianPriceChangeYearPct: null },
      })
    ).text;
    expect(steady).toContain("held steady, which");
    const contradictory = (
      await writer.writeHomeReport({
        ...report,
        market: { ...market, trend: "rising", medianPriceChangeYearPct: -0.4 },
      })
    ).text;
    expect(contradictory).not.toContain("0.4%");
  });

  it("uses only figures from the sample provider's data", async () => {
    const provider = createSampleMarketDataProvider();
    const property = { addressLine1: "4810 Cedar Ln", city: "Montclair", state: "NJ", zipCode: "07043" };
    const v = await provider.getValuation(property, "2026-11-20");
    const previous = await provider.getValuation(property, "2026-10-20");
    const stats = await provider.getMarketStats("07043", "2026-11-20");
    const { text } = await writer.writeHomeReport({
      ...report,
      property,
      valuation: v,
      previousValue: previous.value,
      market: stats,
    });
    const change = Math.abs(v.value - previous.value);
    const pct = `${(Math.round((Math.abs(v.value - previous.value) / previous.value) * 1000) / 10).toString()}%`;
    const usd = (n: number) => `$${n.toLocaleString("en-US")}`;
    expectOnlyFigures(text, [
      "4810",
      "07043",
      ...[v.value, v.rangeLow, v.rangeHigh, change, previous.value, stats.medianPrice].map(usd),
      pct,
      String(Math.round(stats.medianDaysOnMarket)),
      stats.activeListings.toLocaleString("en-US"),
      `${Math.abs(stats.medianPriceChangeYearPct ?? 0)}%`,
    ]);
  });
});
