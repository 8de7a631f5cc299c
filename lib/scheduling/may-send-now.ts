import { isInsideSendingWindow } from "./is-inside-sending-window";
import { addHours, assertValidInstant, assertValidSettings, latest } from "./local-time";
import { nextWindowOpening } from "./next-window-opening";
import type { SchedulingSettings } from "./types";

export type MaySendNow =
  | { ok: true }
  | { ok: false; reason: "NOT_APPROVED" }
  | {
      ok: false;
      reason: "FIRST_TIME_DELAY" | "NOT_YET_SCHEDULED" | "OUTSIDE_WINDOW";
      /** The earliest instant at which every time condition holds (for the UI and the poller's log). */
      notBefore: Date;
    };

/**
 * The scheduling half of READY_TO_CREATE_EMAIL → READY_TO_SEND_EMAIL: the email is approved (the
 * caller passes `true` when the agent does not check before sending), the campaign's first-time delay
 * has passed, `now` ≥ `scheduledSendDatetime`, and `now` is inside the sending window. Email status
 * and the campaign being enabled are the poller's checks, not this module's.
 *
 * A late approval (after `scheduledSendDatetime`) goes out at once if `now` is inside the window and
 * otherwise at the next window opening. The first-time delay is measured from the campaign's
 * `createdAt`, so for any email after the first it has long passed; it is checked for every email
 * anyway, which keeps the rule from depending on the caller knowing which email is the first.
 *
 * Reasons are checked in the order above and the first failing one is returned. `notBefore` is
 * nextWindowOpening(max(now, createdAt + delay, scheduledSendDatetime)): all time conditions hold
 * there, and none earlier.
 */
export function maySendNow(
  email: { now: Date; scheduledSendDatetime: Date; campaignCreatedAt: Date; approved: boolean },
  settings: SchedulingSettings,
): MaySendNow {
  const { now, scheduledSendDatetime, campaignCreatedAt, approved } = email;
  assertValidInstant(now, "now");
  assertValidInstant(scheduledSendDatetime, "scheduledSendDatetime");
  assertValidInstant(campaignCreatedAt, "campaignCreatedAt");
  assertValidSettings(settings);
  if (!approved) return { ok: false, reason: "NOT_APPROVED" };

  const delayEnds = addHours(campaignCreatedAt, settings.firstTimeDelayHours);
  const notBefore = nextWindowOpening(latest(now, delayEnds, scheduledSendDatetime), settings);
  if (now.getTime() < delayEnds.getTime()) return { ok: false, reason: "FIRST_TIME_DELAY", notBefore };
  if (now.getTime() < scheduledSendDatetime.getTime()) {
    return { ok: false, reason: "NOT_YET_SCHEDULED", notBefore };
  }
  if (!isInsideSendingWindow(now, settings)) return { ok: false, reason: "OUTSIDE_WINDOW", notBefore };
  return { ok: true };
}
