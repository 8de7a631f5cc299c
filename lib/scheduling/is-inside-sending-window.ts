import { assertValidInstant, assertValidSettings, inZone } from "./local-time";
import { type SchedulingSettings, SENDING_WINDOW_CLOSES_HOUR, SENDING_WINDOW_OPENS_HOUR } from "./types";

/**
 * Whether `instant` falls in the sending window, [11:00, 18:00) local wall-clock time in the agent's
 * zone. Always true when the agent turned the window off.
 */
export function isInsideSendingWindow(instant: Date, settings: SchedulingSettings): boolean {
  assertValidInstant(instant, "instant");
  assertValidSettings(settings);
  if (!settings.sendingWindowEnabled) return true;
  const { hour } = inZone(instant, settings.timeZone);
  return hour >= SENDING_WINDOW_OPENS_HOUR && hour < SENDING_WINDOW_CLOSES_HOUR;
}
