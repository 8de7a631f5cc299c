import { describe, expect, it } from "vitest";
import { homeReportRules, introRules } from "@/lib/ai/bedrock-writer";
import {
  checkWrittenText,
  countSentences,
  extractFigures,
  type TextRules,
} from "@/lib/ai/check-written-text";

const data = [
  "Home: 12 Elm St, Austin, TX 78704",
  "Estimated value this month: $452,000",
  "Likely range of the value: $418,000 to $486,000",
  "Change since my last update: up $6,000 (up 1.3%)",
  "- Median days on market: 32",
  "- Homes for sale now: 1,118",
].join("\n");

const rules: TextRules = { kind: "home report", minSentences: 2, maxSentences: 5, maxChars: 800 };
const ok = (text: string) => checkWrittenText({ text, stopReason: "end_turn" }, data, rules);

describe("extractFigures", () => {
  it("reads dollars, percents, counts and abbreviations", () => {
    expect(extractFigures("$452,000, 1.3%, 32 days, $1.2 million, $452K, 4 percent")).toEqual([
      { raw: "$452,000", value: 452_000, unit: "usd" },
      { raw: "1.3%", value: 1.3, unit: "pct" },
      { raw: "32", value: 32, unit: "plain" },
      { raw: "$1.2 million", value: 1_200_000, unit: "usd" },
      { raw: "$452K", value: 452_000, unit: "usd" },
      { raw: "4 percent", value: 4, unit: "pct" },
    ]);
  });
});

describe("checkWrittenText: grounding", () => {
  it("accepts a text whose every figure is in the data, as written or lightly abbreviated", () => {
    expect(
      ok(
        "Your home at 12 Elm St is estimated at $452,000, within a range of $418,000 to $486,000. " +
          "That is up $6,000, or 1.3%, and homes nearby sell in about 32 days, with 1,118 on the market; call it $452K.",
      ),
    ).toEqual([]);
  });

  it("rejects a price that is not in the data", () => {
    const problems = ok("Your home is worth $475,000 this month. Homes sell in 32 days.");
    expect(problems).toEqual(["it contains figures that are not in the data ($475,000)"]);
  });

  it("rejects a rounding that moves the number, a computed figure and a wrong unit", () => {
    expect(ok("Your home is worth about $450,000 now. That is solid.")).toEqual([]); // within 0.5 %
    expect(ok("Your home is worth about $440,000 now. That is solid.")[0]).toMatch(/\$440,000/);
    expect(ok("The range is $68,000 wide. That is normal.")[0]).toMatch(/\$68,000/);
    expect(ok("Prices rose 32% here. That is a lot.")[0]).toMatch(/32%/);
  });
});

describe("checkWrittenText: form", () => {
  it("rejects empty, cut-off and refused replies", () => {
    expect(checkWrittenText({ text: "  ", stopReason: "end_turn" }, data, rules)).toEqual([
      "the reply was empty",
    ]);
    expect(checkWrittenText({ text: "Your home is", stopReason: "max_tokens" }, data, rules)).toContain(
      "the reply was cut off at the token limit",
    );
    expect(checkWrittenText({ text: "", stopReason: "guardrail_intervened" }, data, rules)[0]).toMatch(
      /declined/,
    );
  });

  it("rejects placeholders, markdown, links, greetings, preambles and line breaks", () => {
    expect(ok("Your home is worth $452,000. Call me at [phone number].")).toContain(
      "it contains a placeholder or a tag",
    );
    expect(ok("Your home is worth **$452,000**. Nice.")).toContain("it contains markdown formatting");
    expect(ok("- Value: $452,000\n- Range: $418,000 to $486,000.")).toEqual(
      expect.arrayContaining([
        "it contains markdown formatting",
        "it has line breaks; it must be one paragraph",
      ]),
    );
    expect(ok("Your home is worth $452,000. See www.example.com for more.")).toContain(
      "it contains a link or an email address",
    );
    expect(ok("Hi Maria, your home is worth $452,000. Good news.")[0]).toMatch(/greeting/);
    expect(ok("Here's your report: your home is worth $452,000. Good news.")[0]).toMatch(/preamble/);
  });

  it("counts sentences and characters against the rules", () => {
    expect(countSentences("One. Two! Three? 12 Elm St. is nice.")).toBe(4);
    expect(ok("Your home is worth $452,000.")).toEqual(["it has 1 sentences; the home report needs 2 to 5"]);
    expect(ok(`${"Your home is worth $452,000. ".repeat(4)}${"a".repeat(800)}.`)[0]).toMatch(
      /characters long/,
    );
  });

  it("requires the client's name and refuses a sign-off at the end", () => {
    const intro: TextRules = {
      kind: "intro",
      minSentences: 2,
      maxSentences: 4,
      maxChars: 600,
      mustMention: ["Maria"],
      mustNotEndWith: ["Warmly,", "Sam"],
    };
    const check = (text: string) => checkWrittenText({ text, stopReason: "end_turn" }, "", intro);
    expect(check("I hope fall is treating you well, Maria. I have your update below.")).toEqual([]);
    expect(check("I hope fall is treating you well. I have your update below.")).toEqual([
      "it does not use the name Maria",
    ]);
    expect(check("I hope you are well, Maria. Here is your update. Warmly, Sam")).toContain(
      "it ends with a sign-off, which the email already has",
    );
  });

  it("refuses a section the email may not show: no intro names one, a home report only what it is given", () => {
    const input = {
      clientFirstName: "Maria",
      agentFirstName: "Sam",
      month: "2026-11",
      timeZone: "America/Chicago",
    };
    const intro = (text: string) => checkWrittenText({ text, stopReason: "end_turn" }, "", introRules(input));
    expect(
      intro("I hope fall is treating you well, Maria. Here is your home's value and the local market."),
    ).toEqual([]);
    expect(
      intro("I hope fall is treating you well, Maria. Rates have dropped, so refinancing may pay."),
    ).toEqual(["it mentions mortgage rates or refinancing, which this email may not show"]);
    expect(
      intro("Happy fall, Maria. Your equity keeps growing, and I added a few listings near you."),
    ).toEqual([
      "it mentions equity, which this email may not show",
      "it mentions homes for sale or recent sales, which this email may not show",
    ]);
    expect(intro("Happy fall, Maria. A few homes recently sold on your street.")).toEqual([
      "it mentions homes for sale or recent sales, which this email may not show",
    ]);

    const report = (text: string) =>
      checkWrittenText({ text, stopReason: "end_turn" }, data, homeReportRules({ agentFirstName: "Sam" }));
    expect(
      report("Your home is worth $452,000. With 1,118 homes for sale nearby, buyers have choices."),
    ).toEqual([]);
    expect(report("Your home is worth $452,000. That builds your equity nicely.")).toEqual([
      "it mentions equity, which this email may not show",
    ]);
  });
});
