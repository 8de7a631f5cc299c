import { resolveMonth, seasonOf } from "@/lib/ai/email-month";
import type { HomeReportInput, IntroInput } from "@/lib/ai/types";
import {
  formatCount,
  formatDecimal,
  formatPercent,
  formatShortDay,
  formatUsd,
  monthName,
} from "@/lib/market-data/format-values";
import { valueChange } from "@/lib/market-data/value-change";

/**
 * What the AI writers tell the model: the prompt's placeholder values and a "Data:" block of
 * `label: value` lines. The data block is also the grounding reference: a number in the reply that
 * is not in it is rejected (lib/ai/check-written-text.ts). So every figure the text may use is
 * computed here (a rise since the last update, its percent) and formatted as the email formats it,
 * and a figure the email leaves out (how much the value fell) is not given at all.
 */

export type WritingFacts = {
  /** Placeholder values for the prompt (agentFirstName, clientFirstName, agentTone, …). */
  values: Record<string, string>;
  /** The "Data:" block, one fact a line. */
  data: string;
};

/** The tone the prompts use when the agent has not set one in Settings. */
export const DEFAULT_TONE = "warm and friendly";
/** At most this many comparables are described to the model (the closest ones). */
const MAX_COMPARABLES = 5;

export function introFacts(input: IntroInput): WritingFacts {
  const month = resolveMonth(input.month, input.timeZone);
  const season = seasonOf(Number(month.slice(5, 7)));
  const values = {
    agentFirstName: input.agentFirstName.trim(),
    clientFirstName: input.clientFirstName.trim(),
    agentTone: toneOf(input.agentTone),
    monthName: monthName(month),
    season,
  };
  const lines = [
    `Client's first name: ${values.clientFirstName}`,
    `Your first name: ${values.agentFirstName}`,
    `Month: ${values.monthName} ${month.slice(0, 4)}`,
    `Season: ${season}`,
  ];
  return { values, data: lines.join("\n") };
}

export function homeReportFacts(input: HomeReportInput): WritingFacts {
  const { property, valuation, previousValue, market } = input;
  const month = valuation.asOf.slice(0, 7);
  const values = {
    agentFirstName: input.agentFirstName?.trim() || "your agent",
    clientFirstName: input.clientFirstName.trim(),
    agentTone: toneOf(input.agentTone),
    monthName: monthName(month),
    season: seasonOf(Number(month.slice(5, 7))),
  };
  const lines = [
    `Month: ${values.monthName} ${month.slice(0, 4)}`,
    `Home: ${property.addressLine1}, ${property.city}, ${property.state} ${property.zipCode}`,
    `Estimated value this month: ${formatUsd(valuation.value)}`,
    `Likely range of the value: ${formatUsd(valuation.rangeLow)} to ${formatUsd(valuation.rangeHigh)}`,
  ];
  lines.push(...changeFacts(valuation.value, previousValue));
  const comparables = valuation.comparables.slice(0, MAX_COMPARABLES);
  if (comparables.length > 0) {
    lines.push(`Comparable homes the estimate is based on (${formatCount(comparables.length)}):`);
    for (const c of comparables) {
      const what = c.soldDate
        ? `sold for ${formatUsd(c.price)} on ${formatShortDay(c.soldDate)}`
        : `listed at ${formatUsd(c.price)}`;
      const size = c.squareFootage ? `, ${formatCount(c.squareFootage)} sq ft` : "";
      lines.push(
        `- ${c.addressLine1}: ${what}, ${formatCount(c.bedrooms)} beds, ${formatDecimal(c.bathrooms)} baths${size}, ${formatDecimal(c.distanceMiles)} miles away`,
      );
    }
  } else {
    lines.push("Comparable homes: none reported");
  }
  if (market) {
    const signed = (pct: number | null) =>
      pct === null
        ? "not available"
        : pct === 0
          ? "unchanged"
          : `${pct > 0 ? "up" : "down"} ${formatPercent(pct)}`;
    lines.push(
      `Local market in ZIP ${market.zipCode}:`,
      `- Median sale price: ${formatUsd(market.medianPrice)}`,
      `- Median sale price change over the past month: ${signed(market.medianPriceChangeMonthPct)}`,
      `- Median sale price change over the past year: ${signed(market.medianPriceChangeYearPct)}`,
      `- Median days on market: ${formatCount(Math.round(market.medianDaysOnMarket))}`,
      `- Homes for sale now: ${formatCount(market.activeListings)}`,
      `- New listings in the past month: ${formatCount(market.newListings)}`,
      `- Median price per square foot: ${formatUsd(market.medianPricePerSqft)}`,
      `- Price trend: ${market.trend}`,
    );
  } else {
    lines.push("Local market: not available this month (do not describe it)");
  }
  return { values, data: lines.join("\n") };
}

/**
 * The change since the last email the client received, as the email's value card states it
 * (lib/market-data/value-change.ts): a rise with its figures, "about the same", or a fall in words only.
 * The amount and percent of a fall are not given, so the grounding check rejects a reply that
 * states them.
 */
function changeFacts(value: number, previousValue: number | null): string[] {
  if (previousValue === null || previousValue <= 0) {
    return ["Change since my last update: none to compare, this is the first home report the client gets"];
  }
  const moved = valueChange(value, previousValue);
  const change =
    moved.direction === "up"
      ? `up ${formatUsd(moved.amount)} (up ${formatPercent(moved.percent)})`
      : moved.direction === "steady"
        ? "about the same"
        : moved.slight
          ? "a little lower"
          : "lower";
  return [
    `Estimated value in my last update: ${formatUsd(previousValue)}`,
    `Change since my last update: ${change}`,
  ];
}

function toneOf(tone: string | null | undefined): string {
  const trimmed = tone?.trim();
  return trimmed ? trimmed : DEFAULT_TONE;
}
