import {
  assertValidFixedSendDay,
  assertValidInstant,
  assertValidSettings,
  firstFixedDayOpening,
  localDateOf,
} from "./local-time";
import type { SchedulingSettings } from "./types";

/**
 * The new `nextSendDate` when a disabled campaign is enabled again ("re-enabling recomputes the next
 * date from now").
 *
 * - Never sent: `now`, so the first cycle starts at once. Its email is still scheduled from the
 *   campaign's createdAt + delay (see scheduled-send-datetime.ts); if that is already past it goes at
 *   the first moment it is approved and inside the window.
 * - Sent before: 11:00 local on the first `fixedSendDay` that is ≥ `now` and at least
 *   `minDaysBetweenEmails` calendar days after the last send's local date. Re-enabling on the fixed
 *   day before 11:00 gives today; after 11:00, next month.
 */
export function nextSendDateOnReEnable(
  campaign: { lastSentAt: Date | null; now: Date; fixedSendDay: number },
  settings: SchedulingSettings,
): Date {
  const { lastSentAt, now, fixedSendDay } = campaign;
  assertValidInstant(now, "now");
  assertValidFixedSendDay(fixedSendDay);
  assertValidSettings(settings);
  if (lastSentAt === null) return now;
  assertValidInstant(lastSentAt, "lastSentAt");
  return firstFixedDayOpening({
    fixedSendDay,
    earliestDate: localDateOf(lastSentAt, settings.timeZone).plus({ days: settings.minDaysBetweenEmails }),
    notBefore: now,
    after: lastSentAt,
    timeZone: settings.timeZone,
  });
}
