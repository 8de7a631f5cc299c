import { DateTime } from "luxon";

/** The email's month and season, shared by the template writer and the AI writers' facts. */

export type Season = "winter" | "spring" | "summer" | "fall";

/** "YYYY-MM" of the email: a Date is read in the agent's time zone. */
export function resolveMonth(month: Date | string, timeZone: string): string {
  if (typeof month === "string") {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
      throw new Error(`Expected the month as YYYY-MM, got "${month}"`);
    return month;
  }
  // luxon keeps one formatter per zone; building an Intl.DateTimeFormat per email was measurable.
  const local = DateTime.fromJSDate(month, { zone: timeZone });
  if (!local.isValid)
    throw new RangeError(`Cannot read ${month.toISOString()} in the time zone "${timeZone}"`);
  return local.toFormat("yyyy-MM");
}

/** Meteorological seasons of the northern hemisphere (Dripr serves US agents). */
export function seasonOf(month: number): Season {
  if (month === 12 || month <= 2) return "winter";
  if (month <= 5) return "spring";
  if (month <= 8) return "summer";
  return "fall";
}
