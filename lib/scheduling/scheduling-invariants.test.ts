import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cycleStartAt, isCycleStartDue } from "./cycle-start-due";
import { firstScheduledSendDatetime } from "./first-scheduled-send";
import { isInsideSendingWindow } from "./is-inside-sending-window";
import { maySendNow } from "./may-send-now";
import { nextSendDateAfterSend } from "./next-send-date-after-send";
import { nextWindowOpening } from "./next-window-opening";
import { nextSendDateOnReEnable } from "./re-enable";
import { nextSendDateAfterSendDayChange } from "./send-day-change";
import {
  daysBetween,
  isAfterOpeningByClock,
  isInsideWindowByClock,
  isWindowOpeningByClock,
  localClock,
  oneMonthEarlier,
  US_ZONES,
} from "./test-support";
import { DEFAULT_SCHEDULING, type SchedulingSettings } from "./types";

/**
 * Invariants of DESIGN.md §5 over random instants in 2024–2032, send days 1–28 and US zones. Local
 * times are read with the Intl oracle of test-support.ts, not with luxon.
 */

const RUNS = { numRuns: 400 };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const instant = fc.date({
  min: new Date("2024-01-01T00:00:00Z"),
  max: new Date("2032-12-31T23:59:59.999Z"),
  noInvalidDate: true,
});
const sendDay = fc.integer({ min: 1, max: 28 });
const settings: fc.Arbitrary<SchedulingSettings> = fc.record({
  timeZone: fc.constantFrom(...US_ZONES),
  sendingWindowEnabled: fc.boolean(),
  firstTimeDelayHours: fc.oneof(
    fc.constant(24),
    fc.integer({ min: 0, max: 96 }),
    fc.double({ min: 0, max: 96, noNaN: true }),
  ),
  minDaysBetweenEmails: fc.oneof(fc.constant(14), fc.integer({ min: 0, max: 45 })),
  prepareLeadHours: fc.oneof(fc.constant(48), fc.integer({ min: 0, max: 240 })),
});
const windowOn = settings.map((s) => ({ ...s, sendingWindowEnabled: true }));

function expectValidDate(d: Date): void {
  expect(d).toBeInstanceOf(Date);
  expect(Number.isNaN(d.getTime())).toBe(false);
}

/** What a correct next send date after `sentAt` (and not before `notBefore`) must satisfy. */
function expectSendDateRules(
  result: Date,
  sentAt: Date,
  day: number,
  s: SchedulingSettings,
  notBefore?: Date,
) {
  expectValidDate(result);
  const sent = localClock(sentAt, s.timeZone);
  const got = localClock(result, s.timeZone);
  // On the fixed day, at the window opening.
  expect(got.day).toBe(day);
  expect(isWindowOpeningByClock(got)).toBe(true);
  // At least the minimum gap of local calendar days, after the send, not before `notBefore`.
  expect(daysBetween(sent, got)).toBeGreaterThanOrEqual(s.minDaysBetweenEmails);
  expect(result.getTime()).toBeGreaterThan(sentAt.getTime());
  if (notBefore) expect(result.getTime()).toBeGreaterThanOrEqual(notBefore.getTime());
  // Minimal: the same day one month earlier breaks a rule (candidates are exactly one month apart).
  const earlier = oneMonthEarlier(got);
  const gap = daysBetween(sent, earlier);
  const notAfterSend = gap < 0 || (gap === 0 && sent.hour >= 11);
  let beforeNotBefore = false;
  if (notBefore) {
    const floor = localClock(notBefore, s.timeZone);
    const diff = daysBetween(floor, earlier);
    beforeNotBefore = diff < 0 || (diff === 0 && isAfterOpeningByClock(floor));
  }
  expect(gap < s.minDaysBetweenEmails || notAfterSend || beforeNotBefore).toBe(true);
}

describe("scheduling invariants", () => {
  it("the window is [11:00, 18:00) on the local wall clock (luxon agrees with Intl)", () => {
    fc.assert(
      fc.property(instant, windowOn, (at, s) => {
        expect(isInsideSendingWindow(at, s)).toBe(isInsideWindowByClock(localClock(at, s.timeZone)));
      }),
      RUNS,
    );
  });

  it("with the window off every instant is inside and is its own opening", () => {
    fc.assert(
      fc.property(instant, settings, (at, s) => {
        const off = { ...s, sendingWindowEnabled: false };
        expect(isInsideSendingWindow(at, off)).toBe(true);
        expect(nextWindowOpening(at, off).getTime()).toBe(at.getTime());
      }),
      RUNS,
    );
  });

  it("nextWindowOpening: inside the window, ≥ input, < input + 3 days, and the earliest such instant", () => {
    fc.assert(
      fc.property(instant, windowOn, (at, s) => {
        const opening = nextWindowOpening(at, s);
        expectValidDate(opening);
        expect(nextWindowOpening(at, s).getTime()).toBe(opening.getTime());
        expect(isInsideWindowByClock(localClock(opening, s.timeZone))).toBe(true);
        expect(opening.getTime()).toBeGreaterThanOrEqual(at.getTime());
        expect(opening.getTime()).toBeLessThan(at.getTime() + 3 * DAY);
        if (opening.getTime() !== at.getTime()) {
          // Moved: to 11:00:00.000 local, and the millisecond before is outside.
          expect(isInsideWindowByClock(localClock(at, s.timeZone))).toBe(false);
          expect(isWindowOpeningByClock(localClock(opening, s.timeZone))).toBe(true);
          expect(isInsideSendingWindow(new Date(opening.getTime() - 1), s)).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it("firstScheduledSendDatetime: ≥ createdAt + delay, inside the window, exactly createdAt + delay when that is inside", () => {
    fc.assert(
      fc.property(instant, settings, (createdAt, s) => {
        const scheduled = firstScheduledSendDatetime(createdAt, s);
        expectValidDate(scheduled);
        expect(firstScheduledSendDatetime(createdAt, s).getTime()).toBe(scheduled.getTime());
        const delayEnds = createdAt.getTime() + s.firstTimeDelayHours * HOUR;
        expect(scheduled.getTime()).toBeGreaterThanOrEqual(delayEnds);
        expect(isInsideSendingWindow(scheduled, s)).toBe(true);
        if (s.sendingWindowEnabled) {
          expect(isInsideWindowByClock(localClock(scheduled, s.timeZone))).toBe(true);
        }
        // The first whole millisecond not before createdAt + delay (a fractional delay rounds up).
        const earliest = Math.ceil(delayEnds);
        if (isInsideSendingWindow(new Date(earliest), s)) expect(scheduled.getTime()).toBe(earliest);
      }),
      RUNS,
    );
  });

  it("nextSendDateAfterSend: fixed day at 11:00 local, ≥ min days after the send's local date, and minimal", () => {
    fc.assert(
      fc.property(instant, sendDay, settings, (sentAt, day, s) => {
        const next = nextSendDateAfterSend(sentAt, day, s);
        expect(nextSendDateAfterSend(sentAt, day, s).getTime()).toBe(next.getTime());
        expectSendDateRules(next, sentAt, day, s);
        expect(next.getTime() - sentAt.getTime()).toBeLessThan((s.minDaysBetweenEmails + 32) * DAY);
      }),
      RUNS,
    );
  });

  it("re-enable and send-day change: same rules, never in the past, minimal; never sent → now / createdAt", () => {
    const offset = fc.integer({ min: 0, max: 400 * DAY });
    fc.assert(
      fc.property(instant, offset, sendDay, settings, instant, (lastSentAt, after, day, s, createdAt) => {
        const now = new Date(lastSentAt.getTime() + after);
        const reEnabled = nextSendDateOnReEnable({ lastSentAt, now, fixedSendDay: day }, s);
        expectSendDateRules(reEnabled, lastSentAt, day, s, now);
        const changed = nextSendDateAfterSendDayChange(
          { lastSentAt, createdAt, now, newFixedSendDay: day },
          s,
        );
        expect(changed.getTime()).toBe(reEnabled.getTime());
        // Not yet past: exactly the date after the send.
        const afterSend = nextSendDateAfterSend(lastSentAt, day, s);
        if (afterSend.getTime() >= now.getTime()) expect(reEnabled.getTime()).toBe(afterSend.getTime());

        expect(nextSendDateOnReEnable({ lastSentAt: null, now, fixedSendDay: day }, s).getTime()).toBe(
          now.getTime(),
        );
        const neverSent = nextSendDateAfterSendDayChange(
          { lastSentAt: null, createdAt, now, newFixedSendDay: day },
          s,
        );
        expect(neverSent.getTime()).toBe(createdAt.getTime());
      }),
      RUNS,
    );
  });

  it("a campaign's sends over a year: each inside the window, min gap apart, monthly on the fixed day", () => {
    fc.assert(
      fc.property(
        instant,
        sendDay,
        fc.integer({ min: 1, max: 28 }),
        windowOn,
        (createdAt, day, minDays, base) => {
          const s = { ...base, minDaysBetweenEmails: minDays };
          let sentAt = firstScheduledSendDatetime(createdAt, s);
          for (let i = 0; i < 12; i++) {
            const next = nextSendDateAfterSend(sentAt, day, s);
            expect(isInsideSendingWindow(next, s)).toBe(true);
            const from = localClock(sentAt, s.timeZone);
            const to = localClock(next, s.timeZone);
            expect(daysBetween(from, to)).toBeGreaterThanOrEqual(minDays);
            // After the first, with a gap ≤ 28 days, the next send is the same day of the next month.
            if (i > 0)
              expect(oneMonthEarlier(to)).toEqual({ year: from.year, month: from.month, day: from.day });
            sentAt = next;
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("cycle start: due exactly from nextSendDate − lead hours", () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: -10 * DAY, max: 10 * DAY }),
        settings,
        (nextSendDate, delta, s) => {
          const start = cycleStartAt(nextSendDate, s);
          expectValidDate(start);
          expect(start.getTime()).toBe(nextSendDate.getTime() - s.prepareLeadHours * HOUR);
          const now = new Date(start.getTime() + delta);
          expect(isCycleStartDue(nextSendDate, now, s)).toBe(delta >= 0);
        },
      ),
      RUNS,
    );
  });

  it("maySendNow: ok exactly when every condition holds; notBefore is the earliest instant that is ok", () => {
    const around = fc.integer({ min: -3 * DAY, max: 3 * DAY });
    fc.assert(
      fc.property(
        instant,
        around,
        around,
        fc.boolean(),
        settings,
        (now, toScheduled, toCreated, approved, s) => {
          const scheduledSendDatetime = new Date(now.getTime() + toScheduled);
          const campaignCreatedAt = new Date(now.getTime() + toCreated - s.firstTimeDelayHours * HOUR);
          const check = (at: Date) =>
            maySendNow({ now: at, scheduledSendDatetime, campaignCreatedAt, approved }, s);
          const result = check(now);
          const allHold =
            approved &&
            now.getTime() >= campaignCreatedAt.getTime() + s.firstTimeDelayHours * HOUR &&
            now.getTime() >= scheduledSendDatetime.getTime() &&
            (!s.sendingWindowEnabled || isInsideWindowByClock(localClock(now, s.timeZone)));
          expect(result.ok).toBe(allHold);
          if (!result.ok && result.reason !== "NOT_APPROVED") {
            expectValidDate(result.notBefore);
            expect(result.notBefore.getTime()).toBeGreaterThan(now.getTime());
            expect(check(result.notBefore)).toEqual({ ok: true });
            expect(check(new Date(result.notBefore.getTime() - 1)).ok).toBe(false);
          }
        },
      ),
      RUNS,
    );
  });

  it("the defaults are the design's", () => {
    expect(DEFAULT_SCHEDULING).toEqual({
      timeZone: "America/New_York",
      sendingWindowEnabled: true,
      firstTimeDelayHours: 24,
      minDaysBetweenEmails: 14,
      prepareLeadHours: 48,
    });
  });
});
