import { DateTime, IANAZone } from "luxon";
import {
  MAX_FIXED_SEND_DAY,
  MIN_FIXED_SEND_DAY,
  type SchedulingSettings,
  SENDING_WINDOW_OPENS_HOUR,
} from "./types";

/**
 * Shared helpers of the scheduling rules: validation, local calendar dates, the window opening on a
 * date. Not a use case of its own; the sibling files are.
 *
 * Why luxon (and not @date-fns/tz + date-fns, or hand-written offsets): it resolves a wall-clock time
 * in an IANA zone to an instant through the platform's tz database (Intl), so "11:00 on 8 March in
 * New York" is 15:00Z and "11:00 on 7 March" is 16:00Z without any offset arithmetic here; it has
 * calendar arithmetic (plus days/months) separate from elapsed-time arithmetic; it reports bad zones
 * and dates as invalid values instead of silently falling back to the server's zone; and it is one
 * mature, widely used package with no dependencies.
 *
 * A local calendar date is carried as a luxon DateTime at 00:00 in UTC. Date arithmetic on it (plus
 * days, plus months, comparing) therefore never meets a DST gap; only `windowOpeningOn` turns it back
 * into an instant, in the agent's zone. "N calendar days after" means N steps of the local date,
 * whatever the number of hours in those days (23 or 25 around a DST switch) and whatever the time of
 * day of either end.
 */

const MS_PER_HOUR = 3_600_000;

function valid<T extends DateTime>(value: T, what: string): DateTime<true> {
  if (!value.isValid) {
    throw new RangeError(
      `scheduling: ${what} is invalid (${value.invalidExplanation ?? value.invalidReason})`,
    );
  }
  return value as DateTime<true>;
}

export function assertValidInstant(instant: Date, name: string): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError(`scheduling: ${name} must be a valid Date`);
  }
}

/** Rejects settings that would give meaningless dates, naming the field. */
export function assertValidSettings(settings: SchedulingSettings): void {
  // IANAZone.create caches the zone and its validity; isValidZone builds an Intl formatter per call.
  if (!IANAZone.create(settings.timeZone).isValid) {
    throw new RangeError(`scheduling: unknown time zone "${settings.timeZone}"`);
  }
  const hours = {
    firstTimeDelayHours: settings.firstTimeDelayHours,
    prepareLeadHours: settings.prepareLeadHours,
  };
  for (const [name, value] of Object.entries(hours)) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`scheduling: ${name} must be a finite number ≥ 0, got ${value}`);
    }
  }
  if (!Number.isInteger(settings.minDaysBetweenEmails) || settings.minDaysBetweenEmails < 0) {
    throw new RangeError(
      `scheduling: minDaysBetweenEmails must be a whole number ≥ 0, got ${settings.minDaysBetweenEmails}`,
    );
  }
}

export function assertValidFixedSendDay(fixedSendDay: number): void {
  if (
    !Number.isInteger(fixedSendDay) ||
    fixedSendDay < MIN_FIXED_SEND_DAY ||
    fixedSendDay > MAX_FIXED_SEND_DAY
  ) {
    throw new RangeError(
      `scheduling: fixedSendDay must be a whole number ${MIN_FIXED_SEND_DAY}–${MAX_FIXED_SEND_DAY}, got ${fixedSendDay}`,
    );
  }
}

/**
 * Elapsed-time arithmetic: `hours` × 3600 s, whatever the wall clock does meanwhile. Rounded up to
 * the millisecond (Date truncates), so a fractional delay never yields an instant before
 * createdAt + delay.
 */
export function addHours(instant: Date, hours: number): Date {
  return new Date(Math.ceil(instant.getTime() + hours * MS_PER_HOUR));
}

export function latest(first: Date, ...rest: Date[]): Date {
  return rest.reduce((max, d) => (d.getTime() > max.getTime() ? d : max), first);
}

/** The wall-clock reading of `instant` in `timeZone`. */
export function inZone(instant: Date, timeZone: string): DateTime<true> {
  return valid(DateTime.fromJSDate(instant, { zone: timeZone }), `local time of ${instant.toISOString()}`);
}

/** The local calendar date of `instant` in `timeZone` (see the header for its representation). */
export function localDateOf(instant: Date, timeZone: string): DateTime<true> {
  const local = inZone(instant, timeZone);
  return valid(DateTime.utc(local.year, local.month, local.day), "local date");
}

/** 11:00 local wall-clock on `date` in `timeZone`, as an instant. */
export function windowOpeningOn(date: DateTime<true>, timeZone: string): Date {
  const opening = DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour: SENDING_WINDOW_OPENS_HOUR },
    { zone: timeZone },
  );
  return valid(opening, "window opening").toJSDate();
}

function later(a: DateTime<true>, b: DateTime<true>): DateTime<true> {
  return a.toMillis() >= b.toMillis() ? a : b;
}

/**
 * The window opening (11:00 local) of the first local date with day `fixedSendDay` that is on or
 * after `earliestDate`, is not before `notBefore`, and is strictly after `after`. Candidates are one
 * month apart and `fixedSendDay` ≤ 28 exists in every month, so "the next valid one" is always the
 * same day one month later.
 */
export function firstFixedDayOpening(args: {
  fixedSendDay: number;
  earliestDate: DateTime<true>;
  timeZone: string;
  notBefore?: Date;
  after?: Date;
}): Date {
  const { fixedSendDay, timeZone, notBefore, after } = args;
  let from = args.earliestDate;
  if (notBefore) from = later(from, localDateOf(notBefore, timeZone));
  if (after) from = later(from, localDateOf(after, timeZone));

  let candidate = valid(from.set({ day: fixedSendDay }), "candidate date");
  if (candidate.day < from.day) candidate = candidate.plus({ months: 1 });

  // Only a candidate on the local date of `notBefore`/`after` can fail these, so this loops at most once.
  for (;;) {
    const opening = windowOpeningOn(candidate, timeZone);
    const tooEarly =
      (notBefore !== undefined && opening.getTime() < notBefore.getTime()) ||
      (after !== undefined && opening.getTime() <= after.getTime());
    if (!tooEarly) return opening;
    candidate = candidate.plus({ months: 1 });
  }
}
