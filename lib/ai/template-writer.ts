import { resolveMonth, type Season, seasonOf } from "@/lib/ai/email-month";
import type { HomeReportInput, IntroInput, TextWriter, WrittenText } from "@/lib/ai/types";
import { formatCount, formatPercent, formatUsd, monthName } from "@/lib/market-data/format-values";
import { hashString } from "@/lib/market-data/sample-random";
import type { MarketTrend } from "@/lib/market-data/types";
import { valueChange } from "@/lib/market-data/value-change";

/**
 * The built-in writer (DESIGN.md §9): the local default instead of Bedrock, and the fallback when the
 * AI fails. Plain, warm sentences chosen by season and by the data; every figure comes from the input
 * and is formatted as the email formats it. Deterministic: the variant is picked by a hash of the
 * client and month, so a retry writes the same text while neighbouring clients read differently.
 */

export const TEMPLATE_SOURCE = "template";

const OPENERS: Record<number, readonly string[]> = {
  1: [
    "Happy New Year, and I hope {year} is off to a good start for you.",
    "I hope the new year is treating you well so far.",
  ],
  2: ["I hope February is treating you well.", "I hope you're doing well as winter starts to wind down."],
  3: [
    "Spring is nearly here, and with it the busiest season in real estate.",
    "I hope March is off to a good start for you.",
  ],
  4: [
    "I hope you're enjoying the longer days of spring.",
    "I hope spring is treating you and your home well.",
  ],
  5: [
    "I hope you're enjoying the spring and some time around the house.",
    "I hope May has been a good month for you.",
  ],
  6: [
    "Summer is here, and I hope it's off to a great start for you.",
    "I hope you're settling into a good summer at home.",
  ],
  7: [
    "I hope your summer is going well and you're finding time to relax.",
    "I hope July has been good to you so far.",
  ],
  8: ["I hope you're enjoying the last stretch of summer.", "I hope August is treating you well."],
  9: ["I hope the start of fall has been a smooth one for you.", "I hope September is off to a good start."],
  10: [
    "Fall is in full swing, and I hope you're enjoying it at home.",
    "I hope October has been a good month for you.",
  ],
  11: [
    "With the holidays around the corner, I hope you're doing well.",
    "I hope November is treating you and your home well.",
  ],
  12: ["I hope you're enjoying the holiday season.", "As the year wraps up, I hope you're doing well."],
};

/**
 * What the email holds, in one sentence. The intro is written alongside the month's data, before it
 * is known which sections the email will have, so it names only the two every email shows: the home's
 * value and the local market (required data; lib/emails/create-cycle-email.ts makes no email without
 * them). Never rates, equity, listings or sales, which come and go (issue 15).
 */
const PURPOSE = {
  casual: [
    "Here's your {month} update: what your home is worth right now and what's happening in your neighborhood.",
    "It's {agent} here with a quick look at your home's value and the market around you this {month}.",
    "I put together your {month} home update with the latest estimate of your home's value and a snapshot of the local market.",
  ],
  formal: [
    "Below is your {month} update on your home's estimated value and the local market.",
    "I have prepared your {month} home report with the latest estimate of your home's value and local market activity.",
  ],
} as const;

const SEASON_NOTES: Record<Season, string> = {
  winter:
    "If any projects are on your list for the new season, I'm happy to recommend contractors my clients trust.",
  spring:
    "Spring is a popular time for home projects, and I'm happy to recommend contractors my clients trust.",
  summer: "If you're planning any summer projects, I'm glad to share a few trusted local pros.",
  fall: "If you're getting the house ready for the colder months, I can pass along names of contractors my clients trust.",
};

const CLOSINGS = {
  casual: "And if you ever have a question about your home or the market, just reply to this email.",
  formal: "Please don't hesitate to reach out with any questions about your home or the market.",
} as const;

export function createTemplateWriter(): TextWriter {
  return {
    source: TEMPLATE_SOURCE,
    writeIntro: async (input) => written(writeIntroText(input)),
    writeHomeReport: async (input) => written(writeHomeReportText(input)),
  };
}

function written(text: string): WrittenText {
  return { text, source: TEMPLATE_SOURCE, model: null, inputTokens: null, outputTokens: null };
}

export function writeIntroText(input: IntroInput): string {
  const month = resolveMonth(input.month, input.timeZone);
  const monthNumber = Number(month.slice(5, 7));
  const tone = /formal|professional/i.test(input.agentTone ?? "") ? "formal" : "casual";
  const variant = hashString(`${input.clientFirstName}:${month}`);
  const fill = (sentence: string) =>
    sentence
      .replace("{year}", month.slice(0, 4))
      .replace("{month}", monthName(month))
      .replace("{agent}", input.agentFirstName.trim());

  const openers = OPENERS[monthNumber] ?? [];
  const sentences = [
    openers[variant % openers.length] ?? "",
    choose(PURPOSE[tone], variant >>> 3),
    // Every other client also gets the seasonal note, so the intro runs three or four sentences.
    ...((variant >>> 5) % 2 === 0 ? [SEASON_NOTES[seasonOf(monthNumber)]] : []),
    CLOSINGS[tone],
  ];
  return sentences
    .filter(Boolean)
    .map((s) => fill(s))
    .join(" ");
}

export function writeHomeReportText(input: HomeReportInput): string {
  const { valuation, previousValue, market } = input;
  const sentences = [
    `Your home at ${input.property.addressLine1} is estimated to be worth about ${formatUsd(valuation.value)} this month, ` +
      `with a likely range of ${formatUsd(valuation.rangeLow)} to ${formatUsd(valuation.rangeHigh)}.`,
    changeSentence(valuation.value, previousValue),
  ];
  if (market) {
    const days = Math.round(market.medianDaysOnMarket);
    sentences.push(
      `In the ${market.zipCode} area, the median sale price is ${formatUsd(market.medianPrice)}, ` +
        `homes are selling in about ${formatCount(days)} ${days === 1 ? "day" : "days"}, ` +
        `and ${formatCount(market.activeListings)} ${market.activeListings === 1 ? "home is" : "homes are"} for sale.`,
      trendSentence(market.trend, market.medianPriceChangeYearPct),
    );
  }
  return sentences.join(" ");
}

/** The change since the last email the client received, worded as its value card words it. */
function changeSentence(value: number, previousValue: number | null): string {
  if (previousValue === null || previousValue <= 0) {
    return "This is your first home report from me, so next month you'll also see how the value has changed.";
  }
  const moved = valueChange(value, previousValue);
  if (moved.direction === "steady") {
    return `That's about the same as my last update (${formatUsd(previousValue)}), a sign of a stable market for your home.`;
  }
  if (moved.direction === "up") {
    return `That's up ${formatUsd(moved.amount)} (${formatPercent(moved.percent)}) since my last update.`;
  }
  return `That's ${moved.slight ? "a little below" : "below"} the ${formatUsd(previousValue)} in my last update; estimates move from month to month, and the longer trend matters more.`;
}

function trendSentence(trend: MarketTrend, yearPct: number | null): string {
  // The year's change is quoted only when it agrees with the trend a vendor reported.
  const agrees = yearPct !== null && (trend === "steady" || (trend === "rising" ? yearPct > 0 : yearPct < 0));
  const overYear =
    agrees && yearPct !== null
      ? ` (${yearPct >= 0 ? "up" : "down"} ${formatPercent(yearPct)} over the past year)`
      : "";
  if (trend === "rising") return `Prices nearby have been rising${overYear}, which helps your home's value.`;
  if (trend === "falling") {
    return `Prices nearby have eased${overYear}, which mostly matters if you're thinking about a move soon.`;
  }
  return `Prices nearby have held steady${overYear}, which keeps your home's value on solid ground.`;
}

function choose<T>(items: readonly T[], index: number): T {
  const item = items[index % items.length];
  if (item === undefined) throw new Error("choose() needs at least one item");
  return item;
}
