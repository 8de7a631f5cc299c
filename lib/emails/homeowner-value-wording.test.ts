import { describe, expect, it } from "vitest";
import {
  exampleFirstEmailWithoutRatesVariables,
  exampleHomeownerVariables,
  exampleUnderwaterVariables,
} from "@/lib/emails/example-variables";
import type { OwnershipFacts } from "@/lib/emails/homeowner-email-sections";
import { type HomeownerEmailVariables, renderHomeownerEmail } from "@/lib/emails/render-homeowner-email";

// Issue 15: what the homeowner email says when the value fell, when equity is negative or small, and
// when there is nothing sent to compare with, worded as an agent would send it. The example home is
// worth $612,000 (likely $575,000 to $649,000) in November 2026; this week's rate is 6.19%.

const base = (): HomeownerEmailVariables => ({
  ...exampleHomeownerVariables(),
  // A neutral report, so the checks below see only what the cards say.
  homeReportText: "Here is what the numbers mean for your home.",
});

const render = (overrides: Partial<HomeownerEmailVariables>) =>
  renderHomeownerEmail({ ...base(), ...overrides });

const ownership = (facts: Partial<OwnershipFacts>): OwnershipFacts => ({
  purchasePrice: 415_000,
  purchaseDate: "2024-11-15",
  loanAmount: null,
  // No rate: the balance is the loan amount, so each row's equity is plain arithmetic.
  loanRatePercent: null,
  loanTermYears: 30,
  ...facts,
});

/** The equity section's tiles as the text part lists them ("Estimated equity: $280,000"). */
function equityTiles(text: string): string[] {
  const section = text.split("YOUR EQUITY\n")[1]?.split("\n\n")[0] ?? "";
  return section
    .split("\n")
    .filter((line) => line.startsWith("- "))
    .map((line) => line.slice(2).replace(/ \(.*\)$/, ""));
}

/** What no homeowner email says, whatever the figures. */
function expectNoLossFigures(email: { html: string; text: string }) {
  for (const part of [email.html, email.text]) {
    expect(part).not.toMatch(/\$0\b/);
    expect(part).not.toMatch(/[−-]\s?\$\d/);
    // (▼ also marks falling mortgage rates, which is good news: only a falling value is checked.)
    expect(part).not.toMatch(/▼ Down|\bDown \$|\bdown \$\d/);
    expect(part).not.toMatch(/Unchanged since/);
  }
}

describe("since you bought, and estimated equity", () => {
  // value $612,000, likely range from $575,000: equity is stated when the loan is below $575,000.
  const cases: { name: string; facts: Partial<OwnershipFacts>; tiles: string[]; hidden: string[] }[] = [
    {
      name: "value up, healthy equity",
      facts: { purchasePrice: 415_000, loanAmount: 332_000 },
      tiles: ["Estimated equity: $280,000", "Since you bought: +$197,000"],
      hidden: [],
    },
    {
      name: "value up, small equity (within the estimate's range)",
      facts: { purchasePrice: 600_000, loanAmount: 590_000 },
      tiles: ["Since you bought: +$12,000"],
      hidden: ["Estimated equity", "$22,000"],
    },
    {
      name: "value up, negative equity (a loan above the price)",
      facts: { purchasePrice: 600_000, loanAmount: 618_000 },
      tiles: ["Since you bought: +$12,000"],
      hidden: ["Estimated equity", "$6,000"],
    },
    {
      name: "value up, loan unknown",
      facts: { purchasePrice: 415_000 },
      tiles: ["Purchase price: $415,000", "Since you bought: +$197,000"],
      hidden: ["Estimated equity"],
    },
    {
      name: "value flat, healthy equity",
      facts: { purchasePrice: 610_000, loanAmount: 400_000 },
      tiles: ["Estimated equity: $212,000"],
      hidden: ["Since you bought", "$2,000"],
    },
    {
      name: "value flat, loan unknown",
      facts: { purchasePrice: 610_000 },
      tiles: ["Purchase price: $610,000"],
      hidden: ["Since you bought"],
    },
    {
      name: "value down, healthy equity",
      facts: { purchasePrice: 700_000, loanAmount: 350_000 },
      tiles: ["Estimated equity: $262,000"],
      hidden: ["Since you bought", "$700,000", "$88,000", "12.6%"],
    },
    {
      name: "value down, small equity",
      facts: { purchasePrice: 650_000, loanAmount: 585_000 },
      tiles: [],
      hidden: ["YOUR EQUITY", "Estimated equity", "Since you bought", "$650,000", "$27,000", "$38,000"],
    },
    {
      name: "value down, negative equity",
      facts: { purchasePrice: 650_000, loanAmount: 640_000 },
      tiles: [],
      hidden: ["YOUR EQUITY", "Estimated equity", "Since you bought", "$650,000", "$28,000", "$38,000"],
    },
    {
      name: "value down, loan unknown",
      facts: { purchasePrice: 650_000 },
      tiles: [],
      hidden: ["YOUR EQUITY", "Purchase price", "Since you bought", "$650,000", "$38,000"],
    },
  ];

  it.each(cases)("$name", ({ facts, tiles, hidden }) => {
    const email = render({ ownership: ownership(facts) });
    expect(equityTiles(email.text)).toEqual(tiles);
    for (const part of [email.html, email.text])
      for (const words of hidden) expect(part).not.toContain(words);
    expect(email.html.includes("Since you bought")).toBe(tiles.some((t) => t.startsWith("Since you bought")));
    expectNoLossFigures(email);
  });

  it("one tile spans the card; two share it", () => {
    const one = render({ ownership: ownership({ purchasePrice: 610_000, loanAmount: 400_000 }) });
    expect(one.html).toContain('width="100%" valign="top" style="width:100%;padding:0;"');
    const two = render({ ownership: ownership({ purchasePrice: 415_000, loanAmount: 332_000 }) });
    expect(two.html).toContain('width="50%" valign="top" style="width:50%;padding:0 6px 0 0;"');
    expect(two.html).toContain('width="50%" valign="top" style="width:50%;padding:0 0 0 6px;"');
  });

  it("the email of the issue: bought for $650,000, worth $431,000, first email", () => {
    const email = render({
      homeValue: { value: 431_000, rangeLow: 401_000, rangeHigh: 461_000, previousValue: null },
      ownership: ownership({ purchasePrice: 650_000, loanAmount: 585_000, loanRatePercent: 6.5 }),
    });
    expectNoLossFigures(email);
    for (const part of [email.html, email.text]) {
      expect(part).not.toMatch(/equity|since you bought|\$219,000|33\.7%|my last update|refinanc/i);
      expect(part).toContain("$431,000");
    }
  });
});

describe("since my last update (the last email the client received)", () => {
  const cases: { name: string; previousValue: number | null; says: string | null }[] = [
    { name: "first email: no earlier value", previousValue: null, says: null },
    { name: "value up", previousValue: 604_500, says: "▲ Up $7,500 (1.2%) since my last update" },
    { name: "within half a percent", previousValue: 610_000, says: "About the same as my last update" },
    { name: "a little lower", previousValue: 620_000, says: "A little below the $620,000 in my last update" },
    { name: "clearly lower", previousValue: 680_000, says: "Below the $680,000 in my last update" },
  ];

  it.each(cases)("$name", ({ previousValue, says }) => {
    const email = render({ homeValue: { ...base().homeValue, previousValue } });
    for (const part of [email.html, email.text]) {
      if (says === null) expect(part).not.toMatch(/my last update/);
      else expect(part).toContain(says);
    }
    expectNoLossFigures(email);
    // A fall is a quiet line under the value, not a badge.
    if (says && !says.startsWith("▲") && !says.startsWith("About")) {
      expect(email.html).toContain(`color:#475569;">${says}</div>`);
      expect(email.html).not.toMatch(/font-weight:bold;[^"]*">[^<]*below/i);
    }
  });
});

describe("refinancing is mentioned only when the email shows the rates and the owner has equity", () => {
  const rates = base().mortgageRates;
  const cases: {
    name: string;
    ownership: OwnershipFacts | null;
    withRates: boolean;
    note: string | null;
    closingMentionsRefinancing: boolean;
  }[] = [
    {
      name: "healthy equity, loan rate 1.06 points above this week's",
      ownership: ownership({ loanAmount: 332_000, loanRatePercent: 7.25, purchaseDate: "2019-06-14" }),
      withRates: true,
      note: "Refinancing could lower your monthly payment",
      closingMentionsRefinancing: true,
    },
    {
      name: "worth less than the loan",
      ownership: ownership({ purchasePrice: 650_000, loanAmount: 640_000, loanRatePercent: 7.25 }),
      withRates: true,
      note: null,
      closingMentionsRefinancing: false,
    },
    {
      name: "small equity with a low rate: the rate is worth keeping",
      // About $584,600 still owed after two years: above the range's low end.
      ownership: ownership({ purchasePrice: 650_000, loanAmount: 610_000, loanRatePercent: 3.1 }),
      withRates: true,
      note: "Your 3.10% loan rate is well below this week",
      closingMentionsRefinancing: false,
    },
    {
      name: "loan amount unknown, value up since purchase",
      ownership: ownership({ purchasePrice: 415_000, loanRatePercent: 7.25 }),
      withRates: true,
      note: "Refinancing could lower your monthly payment",
      closingMentionsRefinancing: true,
    },
    {
      name: "loan amount unknown, value down since purchase",
      ownership: ownership({ purchasePrice: 650_000, loanRatePercent: 7.25 }),
      withRates: true,
      note: null,
      closingMentionsRefinancing: false,
    },
    {
      name: "no purchase facts",
      ownership: null,
      withRates: true,
      note: null,
      closingMentionsRefinancing: true,
    },
    {
      name: "no rates yet (a fresh npm run dev), healthy equity and a high loan rate",
      ownership: ownership({ loanAmount: 332_000, loanRatePercent: 7.25, purchaseDate: "2019-06-14" }),
      withRates: false,
      note: null,
      closingMentionsRefinancing: false,
    },
    {
      name: "no rates yet, no purchase facts",
      ownership: null,
      withRates: false,
      note: null,
      closingMentionsRefinancing: false,
    },
  ];

  it.each(cases)("$name", ({ ownership: facts, withRates, note, closingMentionsRefinancing }) => {
    const email = render({ ownership: facts, mortgageRates: withRates ? rates : null });
    for (const part of [email.html, email.text]) {
      if (note) expect(part).toContain(note);
      else expect(part).not.toMatch(/refinancing could|worth keeping/i);
      expect(part.includes("or thinking about refinancing?")).toBe(closingMentionsRefinancing);
      expect(/mortgage rates|6\.19%|freddie/i.test(part)).toBe(withRates);
      if (!withRates) expect(part).not.toMatch(/refinanc|this week's/i);
    }
    expectNoLossFigures(email);
  });
});

describe("the preview examples", () => {
  it("the underwater home's first email: value, range and market, nothing that reads as a loss", () => {
    const email = renderHomeownerEmail(exampleUnderwaterVariables());
    expectNoLossFigures(email);
    for (const part of [email.html, email.text]) {
      expect(part).toContain("$572,000");
      expect(part).toContain("$538,000");
      expect(part).not.toMatch(/equity|since you bought|\$650,000|my last update|refinancing/i);
    }
  });

  it("a first email without rates mentions neither rates nor refinancing", () => {
    const email = renderHomeownerEmail(exampleFirstEmailWithoutRatesVariables());
    expectNoLossFigures(email);
    for (const part of [email.html, email.text]) {
      expect(part).not.toMatch(/my last update|mortgage rate|refinanc/i);
      expect(part).toContain("Estimated equity");
    }
  });
});
