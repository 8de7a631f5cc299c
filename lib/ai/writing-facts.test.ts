import { describe, expect, it } from "vitest";
import { checkWrittenText } from "@/lib/ai/check-written-text";
import { loadPrompt } from "@/lib/ai/prompts";
import { writeHomeReportText } from "@/lib/ai/template-writer";
import type { HomeReportInput } from "@/lib/ai/types";
import { homeReportFacts } from "@/lib/ai/writing-facts";
import { TEST_MARKET, TEST_VALUATION } from "@/test/factories/market-data";

// Issue 15: the AI writer is told the change since the last email the client received the way the
// email's value card states it, and nothing the email leaves out; the grounding check then rejects
// a reply that states a fall's amount or percent. The valuation is $452,000 (Nov 2026).

const input = (previousValue: number | null): HomeReportInput => ({
  clientFirstName: "Maria",
  agentFirstName: "Sam",
  property: { addressLine1: "12 Elm St", city: "Austin", state: "TX", zipCode: "78704" },
  valuation: TEST_VALUATION,
  previousValue,
  market: TEST_MARKET,
});

const rules = { kind: "home report" as const, minSentences: 2, maxSentences: 6, maxChars: 900 };

const cases: {
  name: string;
  previousValue: number | null;
  facts: string[];
  /** What the built-in writer says about it (the text used when the AI's fails). */
  builtIn: string;
  /** A reply stating a figure the facts do not give. */
  ungrounded: string | null;
}[] = [
  {
    name: "first email: nothing to compare with",
    previousValue: null,
    facts: ["Change since my last update: none to compare, this is the first home report the client gets"],
    builtIn: "This is your first home report from me",
    ungrounded: "That is up $6,000 (1.3%) since my last update.",
  },
  {
    name: "value up",
    previousValue: 446_000,
    facts: [
      "Estimated value in my last update: $446,000",
      "Change since my last update: up $6,000 (up 1.3%)",
    ],
    builtIn: "That's up $6,000 (1.3%) since my last update.",
    ungrounded: null,
  },
  {
    name: "about the same",
    previousValue: 451_000,
    facts: ["Estimated value in my last update: $451,000", "Change since my last update: about the same"],
    builtIn: "about the same as my last update ($451,000)",
    ungrounded: "That is up $1,000 (0.2%) since my last update.",
  },
  {
    name: "a little lower",
    previousValue: 458_000,
    facts: ["Estimated value in my last update: $458,000", "Change since my last update: a little lower"],
    builtIn: "That's a little below the $458,000 in my last update",
    ungrounded: "That is down $6,000 (1.3%) since my last update.",
  },
  {
    name: "clearly lower",
    previousValue: 495_000,
    facts: ["Estimated value in my last update: $495,000", "Change since my last update: lower"],
    builtIn: "That's below the $495,000 in my last update",
    ungrounded: "That is a drop of $43,000, or 8.7%, since my last update.",
  },
];

describe("home report facts: the change since the last email sent", () => {
  it.each(cases)("$name", ({ previousValue, facts, builtIn, ungrounded }) => {
    const { data } = homeReportFacts(input(previousValue));
    for (const line of facts) expect(data).toContain(line);
    // Nothing the email may leave out (its equity, purchase and rate sections) is in the facts.
    expect(data).not.toMatch(/purchase|equity|refinanc|mortgage|\brates?\b|loan/i);

    const text = writeHomeReportText(input(previousValue));
    expect(text).toContain(builtIn);
    // Every figure the built-in writer uses is in the facts: its text passes the AI's checks.
    expect(checkWrittenText({ text, stopReason: "end_turn" }, data, rules)).toEqual([]);

    if (ungrounded) {
      const reply = `Your home at 12 Elm St is estimated at $452,000 this month. ${ungrounded}`;
      const problems = checkWrittenText({ text: reply, stopReason: "end_turn" }, data, rules);
      expect(problems.join("; ")).toMatch(/figures that are not in the data/);
    }
  });
});

describe("the home report prompt", () => {
  it("is a new version that tells the model how to word a fall and what not to mention", async () => {
    const prompt = await loadPrompt("homeReport");
    expect(prompt.id).toBe("home-report.v2");
    expect(prompt.system).toContain("Never state how much it fell, never call it a loss");
    expect(prompt.system).toContain("no mortgage rates, refinancing, equity or purchase price");
    expect(prompt.system).toContain("on the first home report there is nothing to compare with");
  });
});
