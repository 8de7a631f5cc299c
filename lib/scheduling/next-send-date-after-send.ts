import {
  assertValidFixedSendDay,
  assertValidInstant,
  assertValidSettings,
  firstFixedDayOpening,
  localDateOf,
} from "./local-time";
import type { SchedulingSettings } from "./types";

/**
 * The campaign's `nextSendDate` after an email was sent at `sentAt`: 11:00 local (the window opening)
 * on the first local date whose day is `fixedSendDay` and that is at least `minDaysBetweenEmails`
 * calendar days after `sentAt`'s local date.
 *
 * - Calendar days count local dates in the agent's zone, not 24-hour periods and not UTC dates: sent
 *   Nov 11 at 17:59 local, fixed day 25 → Nov 25 at 11:00 (13 days 17 hours later, but 14 dates).
 *   A DST switch in between changes nothing.
 * - Design examples (fixed day 25, 14 days): sent Nov 21 → Dec 25 (Nov 25 is only 4 days later);
 *   sent Nov 3 → Nov 25; sent Nov 11 → Nov 25 (exactly 14 days).
 * - Month ends need no special case: `fixedSendDay` ≤ 28 exists in every month, leap or not.
 * - The result is also strictly after `sentAt`. That only matters with `minDaysBetweenEmails` = 0,
 *   where a send on the fixed day after 11:00 would otherwise be followed by a date in the past.
 */
export function nextSendDateAfterSend(
  sentAt: Date,
  fixedSendDay: number,
  settings: SchedulingSettings,
): Date {
  assertValidInstant(sentAt, "sentAt");
  assertValidFixedSendDay(fixedSendDay);
  assertValidSettings(settings);
  const { timeZone, minDaysBetweenEmails } = settings;
  return firstFixedDayOpening({
    fixedSendDay,
    earliestDate: localDateOf(sentAt, timeZone).plus({ days: minDaysBetweenEmails }),
    after: sentAt,
    timeZone,
  });
}
