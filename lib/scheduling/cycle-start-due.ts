import { addHours, assertValidInstant, assertValidSettings } from "./local-time";
import type { SchedulingSettings } from "./types";

/**
 * When the cycle for `nextSendDate` starts (DORMANT → WAITING_FOR_DATA): `prepareLeadHours` elapsed
 * hours before it, so the email is ready for review in advance. With a lead of 0 the cycle starts at
 * the send date itself. The first cycle has `nextSendDate = createdAt`, so it is due at once.
 */
export function cycleStartAt(nextSendDate: Date, settings: SchedulingSettings): Date {
  assertValidInstant(nextSendDate, "nextSendDate");
  assertValidSettings(settings);
  return addHours(nextSendDate, -settings.prepareLeadHours);
}

/** now ≥ nextSendDate − prepareLeadHours (the boundary instant itself is due). */
export function isCycleStartDue(nextSendDate: Date, now: Date, settings: SchedulingSettings): boolean {
  assertValidInstant(now, "now");
  return now.getTime() >= cycleStartAt(nextSendDate, settings).getTime();
}

/**
 * The `nextSendDate` whose cycle starts at `start` (the inverse of cycleStartAt). A cycle retried
 * later (its required data failed) must start then: a retry date within the lead would be due at
 * once, and the cycle would start again on the poller's next tick.
 */
export function nextSendDateStartingCycleAt(
  start: Date,
  settings: Pick<SchedulingSettings, "prepareLeadHours">,
): Date {
  assertValidInstant(start, "start");
  return addHours(start, settings.prepareLeadHours);
}
