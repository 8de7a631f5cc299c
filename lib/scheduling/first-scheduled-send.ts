import { addHours, assertValidInstant, assertValidSettings } from "./local-time";
import { nextWindowOpening } from "./next-window-opening";
import type { SchedulingSettings } from "./types";

/**
 * `scheduledSendDatetime` of a campaign's first email: `createdAt` + `firstTimeDelayHours` elapsed
 * hours (a DST switch in between does not add or remove an hour) when that instant is inside the
 * sending window, otherwise the next window opening after it. Exactly 18:00:00 local is outside, so
 * it moves to 11:00 the next day; exactly 11:00:00 stays.
 */
export function firstScheduledSendDatetime(createdAt: Date, settings: SchedulingSettings): Date {
  assertValidInstant(createdAt, "createdAt");
  assertValidSettings(settings);
  return nextWindowOpening(addHours(createdAt, settings.firstTimeDelayHours), settings);
}
