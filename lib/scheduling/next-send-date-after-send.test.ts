import { describe, expect, it } from "vitest";
import { nextSendDateAfterSend } from "./next-send-date-after-send";
import { at, LOS_ANGELES, NEW_YORK } from "./test-support";
import type { SchedulingSettings } from "./types";

/** [sentAt, fixedSendDay, expected nextSendDate, why] */
type Row = [sentAt: string, fixedSendDay: number, want: string, why: string];

const newYork: Row[] = [
  // The design's examples.
  [
    "2026-11-21T14:00:00-05:00",
    25,
    "2026-12-25T11:00:00-05:00",
    "design: Nov 21 → Dec 25 (Nov 25 is 4 days)",
  ],
  ["2026-11-03T14:00:00-05:00", 25, "2026-11-25T11:00:00-05:00", "design: Nov 3 → Nov 25"],
  ["2026-11-11T14:00:00-05:00", 25, "2026-11-25T11:00:00-05:00", "design: Nov 11 → Nov 25 (exactly 14)"],
  // Minimum gap: 14 calendar days of local dates, whatever the time of day.
  ["2026-11-12T11:00:00-05:00", 25, "2026-12-25T11:00:00-05:00", "13 days: next month"],
  ["2026-11-11T17:59:59-05:00", 25, "2026-11-25T11:00:00-05:00", "14 dates though < 14 × 24 h"],
  ["2026-11-11T23:59:59-05:00", 25, "2026-11-25T11:00:00-05:00", "last second of the 14th date back"],
  ["2026-11-12T00:00:00-05:00", 25, "2026-12-25T11:00:00-05:00", "first second of the 13th date back"],
  ["2026-11-11T21:00:00-05:00", 25, "2026-11-25T11:00:00-05:00", "local date, not the UTC date (Nov 12Z)"],
  ["2026-12-31T23:30:00-05:00", 14, "2027-01-14T11:00:00-05:00", "local Dec 31, UTC Jan 1"],
  // Month ends.
  ["2026-01-31T12:00:00-05:00", 28, "2026-02-28T11:00:00-05:00", "Jan 31, day 28 → Feb 28"],
  ["2026-01-31T12:00:00-05:00", 14, "2026-02-14T11:00:00-05:00", "Jan 31 + 14 = Feb 14"],
  ["2026-01-31T12:00:00-05:00", 13, "2026-03-13T11:00:00-04:00", "Feb 13 too early → Mar 13 (EDT)"],
  ["2026-02-14T12:00:00-05:00", 28, "2026-02-28T11:00:00-05:00", "day 28 in a common February"],
  ["2026-03-31T12:00:00-04:00", 1, "2026-05-01T11:00:00-04:00", "Mar 31 → Apr 14 earliest → May 1"],
  ["2026-04-30T12:00:00-04:00", 28, "2026-05-28T11:00:00-04:00", "30-day month end"],
  // Leap years.
  ["2028-02-14T12:00:00-05:00", 28, "2028-02-28T11:00:00-05:00", "day 28 in a leap February"],
  ["2028-02-15T12:00:00-05:00", 28, "2028-03-28T11:00:00-04:00", "Feb 15 + 14 = Feb 29 (leap)"],
  ["2028-02-16T12:00:00-05:00", 1, "2028-03-01T11:00:00-05:00", "leap: Feb 16 + 14 = Mar 1"],
  ["2027-02-16T12:00:00-05:00", 1, "2027-04-01T11:00:00-04:00", "common: Feb 16 + 14 = Mar 2"],
  ["2027-02-15T12:00:00-05:00", 1, "2027-03-01T11:00:00-05:00", "common: Feb 15 + 14 = Mar 1"],
  ["2028-02-29T12:00:00-05:00", 14, "2028-03-14T11:00:00-04:00", "sent on leap day"],
  ["2028-02-29T12:00:00-05:00", 13, "2028-04-13T11:00:00-04:00", "sent on leap day, 13 days"],
  // Year rollover.
  ["2026-12-15T12:00:00-05:00", 1, "2027-01-01T11:00:00-05:00", "Dec 15 → Jan 1"],
  ["2026-12-20T12:00:00-05:00", 1, "2027-02-01T11:00:00-05:00", "Dec 20 → Jan 3 earliest → Feb 1"],
  ["2026-12-25T12:00:00-05:00", 10, "2027-01-10T11:00:00-05:00", "Dec 25 → Jan 10"],
  // DST: the send date is 11:00 local, whichever offset applies on that date.
  ["2026-02-22T12:00:00-05:00", 8, "2026-03-08T11:00:00-04:00", "onto spring-forward day (15:00Z)"],
  ["2026-02-21T12:00:00-05:00", 7, "2026-03-07T11:00:00-05:00", "day before spring forward (16:00Z)"],
  ["2026-03-08T01:30:00-05:00", 22, "2026-03-22T11:00:00-04:00", "sent in the night of the switch"],
  ["2026-10-18T12:00:00-04:00", 1, "2026-11-01T11:00:00-05:00", "onto fall-back day (16:00Z)"],
  ["2026-11-01T01:30:00-04:00", 15, "2026-11-15T11:00:00-05:00", "sent at the first 01:30"],
  ["2026-11-01T01:30:00-05:00", 15, "2026-11-15T11:00:00-05:00", "sent at the second 01:30"],
];

const losAngeles: Row[] = [
  ["2026-11-11T20:00:00-08:00", 25, "2026-11-25T11:00:00-08:00", "local Nov 11, UTC Nov 12"],
  ["2026-02-22T12:00:00-08:00", 8, "2026-03-08T11:00:00-07:00", "onto spring-forward day (18:00Z)"],
  ["2026-10-18T12:00:00-07:00", 1, "2026-11-01T11:00:00-08:00", "onto fall-back day (19:00Z)"],
];

const groups: [string, SchedulingSettings, Row[]][] = [
  ["New York", NEW_YORK, newYork],
  ["Los Angeles", LOS_ANGELES, losAngeles],
  [
    "Phoenix (no DST)",
    { ...NEW_YORK, timeZone: "America/Phoenix" },
    [["2026-03-01T12:00:00-07:00", 15, "2026-03-15T11:00:00-07:00", "same offset all year"]],
  ],
  [
    "window off",
    { ...NEW_YORK, sendingWindowEnabled: false },
    [["2026-11-11T03:00:00-05:00", 25, "2026-11-25T11:00:00-05:00", "still 11:00 local"]],
  ],
  [
    "minimum 0 days",
    { ...NEW_YORK, minDaysBetweenEmails: 0 },
    [
      ["2026-11-25T09:00:00-05:00", 25, "2026-11-25T11:00:00-05:00", "same day, still ahead"],
      ["2026-11-25T15:00:00-05:00", 25, "2026-12-25T11:00:00-05:00", "never a date in the past"],
      ["2026-11-26T09:00:00-05:00", 25, "2026-12-25T11:00:00-05:00", "the day after"],
    ],
  ],
  [
    "minimum 30 days",
    { ...NEW_YORK, minDaysBetweenEmails: 30 },
    [
      ["2026-01-31T12:00:00-05:00", 28, "2026-03-28T11:00:00-04:00", "Mar 2 earliest"],
      ["2026-11-25T12:00:00-05:00", 25, "2026-12-25T11:00:00-05:00", "exactly 30 days"],
      ["2026-11-26T12:00:00-05:00", 25, "2027-01-25T11:00:00-05:00", "29 days: the month after"],
    ],
  ],
];

describe("nextSendDateAfterSend", () => {
  describe.each(groups)("%s", (_group, settings, rows) => {
    it.each(rows)("sent %s, day %i → %s (%s)", (sentAt, day, want) => {
      expect(nextSendDateAfterSend(at(sentAt), day, settings).toISOString()).toBe(at(want).toISOString());
    });
  });

  it.each([0, 29, 1.5, Number.NaN])("refuses fixedSendDay %s", (day) => {
    expect(() => nextSendDateAfterSend(at("2026-11-11T12:00:00-05:00"), day, NEW_YORK)).toThrow(
      /fixedSendDay/,
    );
  });
});
