import { isInsideSendingWindow } from "./is-inside-sending-window";
import { inZone, localDateOf, windowOpeningOn } from "./local-time";
import { type SchedulingSettings, SENDING_WINDOW_OPENS_HOUR } from "./types";

/**
 * The earliest instant ≥ `instant` inside the sending window: `instant` itself when it is inside (or
 * the window is off), else 11:00 local of the same local date (before the window) or of the next one
 * (after it). 11:00 is resolved on the wall clock of that date, so on a DST switch day it is still
 * 11:00 local (15:00Z instead of 16:00Z in New York on 8 March 2026), not "the same offset as today".
 */
export function nextWindowOpening(instant: Date, settings: SchedulingSettings): Date {
  if (isInsideSendingWindow(instant, settings)) return instant;
  const { timeZone } = settings;
  const date = localDateOf(instant, timeZone);
  const beforeOpening = inZone(instant, timeZone).hour < SENDING_WINDOW_OPENS_HOUR;
  return windowOpeningOn(beforeOpening ? date : date.plus({ days: 1 }), timeZone);
}
