import {
  assertValidFixedSendDay,
  assertValidInstant,
  assertValidSettings,
  firstFixedDayOpening,
  localDateOf,
} from "./local-time";
import type { SchedulingSettings } from "./types";

/**
 * The new `nextSendDate` of a DORMANT campaign whose `fixedSendDay` the agent just changed. (A
 * campaign in a cycle keeps the date it was started for; the cycle's next date is computed from the
 * new day when its email is sent.)
 *
 * - Never sent (`lastSentAt === null`): the first cycle starts at creation whatever the fixed day, so
 *   the result is `createdAt`; the first email stays held to createdAt + delay.
 * - Sent before: the first `newFixedSendDay` at 11:00 local that is at least `minDaysBetweenEmails`
 *   calendar days after the last send's local date (as after a send), and not in the past: if that
 *   date has already gone by — including today's 11:00 when `now` is later — the next month's.
 */
export function nextSendDateAfterSendDayChange(
  campaign: { lastSentAt: Date | null; createdAt: Date; now: Date; newFixedSendDay: number },
  settings: SchedulingSettings,
): Date {
  const { lastSentAt, createdAt, now, newFixedSendDay } = campaign;
  assertValidInstant(createdAt, "createdAt");
  assertValidInstant(now, "now");
  assertValidFixedSendDay(newFixedSendDay);
  assertValidSettings(settings);
  if (lastSentAt === null) return createdAt;
  assertValidInstant(lastSentAt, "lastSentAt");
  return firstFixedDayOpening({
    fixedSendDay: newFixedSendDay,
    earliestDate: localDateOf(lastSentAt, settings.timeZone).plus({ days: settings.minDaysBetweenEmails }),
    notBefore: now,
    after: lastSentAt,
    timeZone: settings.timeZone,
  });
}
