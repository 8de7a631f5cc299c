import { DEFAULT_SCHEDULING, type SchedulingSettings } from "./types";

/**
 * Helpers for this folder's tests only. The wall-clock oracle reads local time with
 * Intl.DateTimeFormat, independently of luxon, so the tests do not check the module against itself.
 */

export const NEW_YORK: SchedulingSettings = { ...DEFAULT_SCHEDULING, timeZone: "America/New_York" };
export const LOS_ANGELES: SchedulingSettings = { ...DEFAULT_SCHEDULING, timeZone: "America/Los_Angeles" };

export const US_ZONES = [
  "America/New_York",
  "America/Detroit",
  "America/Indiana/Indianapolis",
  "America/Chicago",
  "America/Denver",
  "America/Boise",
  "America/Phoenix",
  "America/Los_Angeles",
  "America/Anchorage",
  "Pacific/Honolulu",
] as const;

/** An instant from an ISO string with an explicit offset (the offset is the test's own oracle). */
export function at(iso: string): Date {
  if (!/(Z|[+-]\d\d:\d\d)$/.test(iso)) throw new Error(`test instant needs an offset: ${iso}`);
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`bad test instant: ${iso}`);
  return date;
}

export type LocalClock = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

export function localClock(instant: Date, timeZone: string): LocalClock {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, Number(p.value)]));
  const part = (name: string) => {
    const value = parts[name];
    if (value === undefined || Number.isNaN(value))
      throw new Error(`no ${name} in ${format.format(instant)}`);
    return value;
  };
  return {
    year: part("year"),
    month: part("month"),
    day: part("day"),
    hour: part("hour"),
    minute: part("minute"),
    second: part("second"),
    // Every zone used here has a whole-minute offset in 2024–2032.
    millisecond: instant.getUTCMilliseconds(),
  };
}

type CalendarDate = { year: number; month: number; day: number };

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  const utc = (d: CalendarDate) => Date.UTC(d.year, d.month - 1, d.day);
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}

/** The same day of the month one month earlier (day ≤ 28, so it always exists). */
export function oneMonthEarlier(d: CalendarDate): CalendarDate {
  return d.month === 1
    ? { year: d.year - 1, month: 12, day: d.day }
    : { year: d.year, month: d.month - 1, day: d.day };
}

export function isInsideWindowByClock(clock: LocalClock): boolean {
  return clock.hour >= 11 && clock.hour < 18;
}

export function isWindowOpeningByClock(clock: LocalClock): boolean {
  return clock.hour === 11 && clock.minute === 0 && clock.second === 0 && clock.millisecond === 0;
}

/** Whether local wall-clock `clock` is later than 11:00:00.000 of its own date. */
export function isAfterOpeningByClock(clock: LocalClock): boolean {
  return (
    clock.hour > 11 || (clock.hour === 11 && (clock.minute > 0 || clock.second > 0 || clock.millisecond > 0))
  );
}
