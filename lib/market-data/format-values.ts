/**
 * How figures read in emails and AI-written text ("$452,000", "1.3%"). One place, so the intro, the
 * home report and the email's cards print the same number the same way.
 */

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
const count = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 1 });
const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

/** Whole dollars: 452000 → "$452,000". */
export function formatUsd(value: number): string {
  return usd.format(Math.round(value));
}

/** 1234 → "1,234". */
export function formatCount(value: number): string {
  return count.format(value);
}

/** Magnitude of a percentage with at most one decimal: -1.25 → "1.3%". Say the direction in words. */
export function formatPercent(value: number): string {
  return `${oneDecimal.format(Math.abs(value))}%`;
}

/** Bathrooms keep their half: 2.5 → "2.5", 2 → "2". */
export function formatDecimal(value: number): string {
  return oneDecimal.format(value);
}

/** "2026-11" → "November". */
export function monthName(yearMonth: string): string {
  return MONTH_NAMES[Number(yearMonth.slice(5, 7)) - 1] ?? yearMonth;
}

/** "2026-11-03" → "Nov 3". */
export function formatShortDay(isoDay: string): string {
  return `${monthName(isoDay).slice(0, 3)} ${Number(isoDay.slice(8, 10))}`;
}
