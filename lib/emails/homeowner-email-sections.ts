import { z } from "zod";
import { formatPercent, formatShortDay, formatUsd, monthName } from "@/lib/market-data/format-values";
import { isoDay } from "@/lib/market-data/types";
import { valueChange } from "@/lib/market-data/value-change";

/**
 * The homeowner email's equity and mortgage-rate sections (DESIGN.md §6): their variables and the
 * figures they show. Each is left out when its data is missing; the equity section also leaves out
 * what would read as bad news (issue 15).
 */

const dollars = z.number().int().nonnegative();

/** What the campaign knows about the purchase; `purchasePrice` and `purchaseDate` are required. */
export const ownershipFacts = z.object({
  purchasePrice: dollars.min(1),
  purchaseDate: isoDay,
  loanAmount: dollars.nullable(),
  loanRatePercent: z.number().min(0).max(25).nullable(),
  loanTermYears: z.number().int().min(1).max(50).nullable(),
});
export type OwnershipFacts = z.infer<typeof ownershipFacts>;

/** Weekly 30-year fixed averages (Freddie Mac PMMS), oldest first. */
export const mortgageRateTrend = z.object({
  weeks: z.array(z.object({ weekOf: isoDay, ratePercent: z.number().positive().max(30) })).min(1),
});
export type MortgageRateTrend = z.infer<typeof mortgageRateTrend>;

/** A refinance is worth a mention when today's rate is this many points under the loan's. */
export const REFINANCE_THRESHOLD_POINTS = 0.75;
const DEFAULT_TERM_YEARS = 30;
const rate2 = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Balance of a fixed-rate loan after `months` payments (standard amortisation). */
export function amortizedBalance(principal: number, ratePercent: number, termYears: number, months: number) {
  const n = termYears * 12;
  const k = Math.min(Math.max(months, 0), n);
  const r = ratePercent / 1200;
  if (r === 0) return principal * (1 - k / n);
  const growth = (1 + r) ** n;
  return (principal * (growth - (1 + r) ** k)) / (growth - 1);
}

/** Whole months from the purchase date to the email's month ("YYYY-MM"). */
function monthsOwned(purchaseDate: string, month: string): number {
  const [py, pm] = [Number(purchaseDate.slice(0, 4)), Number(purchaseDate.slice(5, 7))];
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return (y - py) * 12 + (m - pm);
}

type Tile = { label: string; value: string; note: string };

/**
 * The equity section, worded as an agent would (issue 15): good news gets a figure, bad news is left
 * out rather than shown as a loss or as "$0".
 * - Estimated equity is stated only when the estimated loan balance is below the low end of the
 *   value's likely range: then the owner has equity whatever the true value within that range. A
 *   smaller or negative figure is within the estimate's own margin and reads as bad news.
 * - "Since you bought" appears only when the value is up from the purchase price; the purchase price
 *   alone (loan unknown) only when the value is not below it.
 * - A refinance is suggested only to an owner who has that equity (or, loan unknown, whose home is
 *   not worth less than they paid): a lender would not refinance the others. `canRefinance` tells the
 *   closing line the same.
 * Null when the campaign does not know the purchase; `card` is null when nothing is left to show.
 */
export function equitySection(
  facts: OwnershipFacts | null,
  valuation: { value: number; rangeLow: number },
  month: string,
  currentRate: number | null,
) {
  if (!facts) return null;
  const { value } = valuation;
  const bought = `${monthName(facts.purchaseDate.slice(0, 7)).slice(0, 3)} ${facts.purchaseDate.slice(0, 4)}`;
  const sincePurchase = valueChange(value, facts.purchasePrice);
  const balance = loanBalance(facts, month);
  const hasEquity = balance === null ? null : balance <= valuation.rangeLow;
  const tiles: Tile[] = [];
  if (balance !== null && hasEquity) {
    tiles.push({
      label: "Estimated equity",
      value: formatUsd(value - balance),
      note:
        facts.loanRatePercent === null
          ? `Value minus your original loan of ${formatUsd(balance)}`
          : `Value minus an estimated loan balance of ${formatUsd(balance)}`,
    });
  } else if (balance === null && sincePurchase.direction !== "down") {
    tiles.push({
      label: "Purchase price",
      value: formatUsd(facts.purchasePrice),
      note: `Bought in ${bought}`,
    });
  }
  if (sincePurchase.direction === "up") {
    tiles.push({
      label: "Since you bought",
      value: `+${formatUsd(sincePurchase.amount)}`,
      note: `Up ${formatPercent(sincePurchase.percent)} from ${formatUsd(facts.purchasePrice)} in ${bought}`,
    });
  }
  const canRefinance = hasEquity ?? sincePurchase.direction !== "down";
  const note = refinanceNote(facts.loanRatePercent, currentRate, canRefinance);
  const card = tiles.length === 0 && note === null ? null : { tiles: tileLayout(tiles), refinanceNote: note };
  return { card, canRefinance };
}

/** The loan's estimated balance this month; null when the campaign has no loan amount. */
function loanBalance(facts: OwnershipFacts, month: string): number | null {
  if (facts.loanAmount === null || facts.loanAmount <= 0) return null;
  if (facts.loanRatePercent === null) return facts.loanAmount;
  return amortizedBalance(
    facts.loanAmount,
    facts.loanRatePercent,
    facts.loanTermYears ?? DEFAULT_TERM_YEARS,
    monthsOwned(facts.purchaseDate, month),
  );
}

/** Two tiles side by side (stacked on phones), or one across the width. */
function tileLayout(tiles: Tile[]) {
  return tiles.map((tile, i) => ({
    ...tile,
    width: tiles.length === 1 ? "100%" : "50%",
    padding: tiles.length === 1 ? "0" : i === 0 ? "0 6px 0 0" : "0 0 0 6px",
  }));
}

function refinanceNote(loanRate: number | null, currentRate: number | null, canRefinance: boolean) {
  if (loanRate === null || currentRate === null) return null;
  const points = loanRate - currentRate;
  if (points >= REFINANCE_THRESHOLD_POINTS && canRefinance) {
    return `This week's average 30-year rate (${rate2.format(currentRate)}%) is ${rate2.format(points)} points below your ${rate2.format(loanRate)}% loan. Refinancing could lower your monthly payment — reply and I'll connect you with a lender I trust.`;
  }
  if (points <= -0.5) {
    return `Your ${rate2.format(loanRate)}% loan rate is well below this week's ${rate2.format(currentRate)}% average — a rate worth keeping.`;
  }
  return null;
}

const BAR_MIN_PX = 10;
const BAR_MAX_PX = 44;

export function ratesSection(trend: MortgageRateTrend | null, barColor: string) {
  const latest = trend?.weeks.at(-1);
  if (!trend || !latest) return null;
  // Compare with four weeks earlier (or the oldest week we have).
  const base = trend.weeks.at(-5) ?? trend.weeks[0];
  const delta = base && base !== latest ? latest.ratePercent - base.ratePercent : null;
  const rates = trend.weeks.map((w) => w.ratePercent);
  const [min, max] = [Math.min(...rates), Math.max(...rates)];
  const bars =
    trend.weeks.length < 2
      ? []
      : trend.weeks.map((w, i) => ({
          label: `${formatShortDay(w.weekOf)}: ${rate2.format(w.ratePercent)}%`,
          height: Math.round(
            max === min
              ? BAR_MAX_PX / 2
              : BAR_MIN_PX + ((w.ratePercent - min) / (max - min)) * (BAR_MAX_PX - BAR_MIN_PX),
          ),
          color: i === trend.weeks.length - 1 ? barColor : "#cbd5e1",
        }));
  return {
    current: `${rate2.format(latest.ratePercent)}%`,
    change:
      delta === null
        ? null
        : Math.abs(delta) < 0.005
          ? { text: "Unchanged from a month ago", color: "#475569" }
          : delta < 0
            ? { text: `▼ ${rate2.format(-delta)} points from a month ago`, color: "#15803d" }
            : { text: `▲ ${rate2.format(delta)} points from a month ago`, color: "#b45309" },
    bars,
    chartLabel: `Weekly 30-year rates: ${bars.map((b) => b.label).join(", ")}`,
    chartCaption: `Last ${bars.length} weeks`,
    source: `Freddie Mac Primary Mortgage Market Survey, week of ${formatShortDay(latest.weekOf)}, ${latest.weekOf.slice(0, 4)} (via FRED).`,
  };
}
