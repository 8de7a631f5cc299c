import { describe, expect, it } from "vitest";
import { nextSendDateOnReEnable } from "./re-enable";
import { at, LOS_ANGELES, NEW_YORK } from "./test-support";
import type { SchedulingSettings } from "./types";

/** [last sent, re-enabled at, fixed day, expected nextSendDate, why] */
type Row = [lastSentAt: string, now: string, fixedSendDay: number, want: string, why: string];

const newYork: Row[] = [
  [
    "2026-11-11T14:00:00-05:00",
    "2026-11-15T09:00:00-05:00",
    25,
    "2026-11-25T11:00:00-05:00",
    "exactly 14 days",
  ],
  [
    "2026-11-12T14:00:00-05:00",
    "2026-11-15T09:00:00-05:00",
    25,
    "2026-12-25T11:00:00-05:00",
    "13 days: next month",
  ],
  [
    "2026-06-01T14:00:00-04:00",
    "2026-11-20T09:00:00-05:00",
    25,
    "2026-11-25T11:00:00-05:00",
    "long off: from now",
  ],
  [
    "2026-06-01T14:00:00-04:00",
    "2026-11-25T10:59:59-05:00",
    25,
    "2026-11-25T11:00:00-05:00",
    "on the day, before 11:00",
  ],
  [
    "2026-06-01T14:00:00-04:00",
    "2026-11-25T11:00:00-05:00",
    25,
    "2026-11-25T11:00:00-05:00",
    "on the day, at 11:00",
  ],
  [
    "2026-06-01T14:00:00-04:00",
    "2026-11-25T12:00:00-05:00",
    25,
    "2026-12-25T11:00:00-05:00",
    "on the day, after 11:00",
  ],
  [
    "2026-11-11T14:00:00-05:00",
    "2027-01-30T09:00:00-05:00",
    25,
    "2027-02-25T11:00:00-05:00",
    "off over New Year",
  ],
  [
    "2026-06-01T14:00:00-04:00",
    "2026-12-29T09:00:00-05:00",
    28,
    "2027-01-28T11:00:00-05:00",
    "Dec 29 → Jan 28",
  ],
  [
    "2027-12-01T14:00:00-05:00",
    "2028-02-20T09:00:00-05:00",
    28,
    "2028-02-28T11:00:00-05:00",
    "leap February",
  ],
  ["2027-12-01T14:00:00-05:00", "2028-02-29T09:00:00-05:00", 28, "2028-03-28T11:00:00-04:00", "on leap day"],
  [
    "2026-01-10T14:00:00-05:00",
    "2026-03-01T09:00:00-05:00",
    8,
    "2026-03-08T11:00:00-04:00",
    "onto spring forward",
  ],
];

const losAngeles: Row[] = [
  [
    "2026-08-01T14:00:00-07:00",
    "2026-10-20T12:00:00-07:00",
    1,
    "2026-11-01T11:00:00-08:00",
    "onto fall back",
  ],
  [
    "2026-08-01T14:00:00-07:00",
    "2026-11-01T10:59:59-08:00",
    1,
    "2026-11-01T11:00:00-08:00",
    "fall-back day, before 11:00",
  ],
];

const groups: [string, SchedulingSettings, Row[]][] = [
  ["New York", NEW_YORK, newYork],
  ["Los Angeles", LOS_ANGELES, losAngeles],
];

describe("nextSendDateOnReEnable", () => {
  describe.each(groups)("%s", (_zone, settings, table) => {
    it.each(table)("sent %s, re-enabled %s, day %i → %s (%s)", (lastSentAt, now, day, want) => {
      const next = nextSendDateOnReEnable(
        { lastSentAt: at(lastSentAt), now: at(now), fixedSendDay: day },
        settings,
      );
      expect(next.toISOString()).toBe(at(want).toISOString());
    });
  });

  it("never sent: now, so the first cycle starts at once", () => {
    const now = at("2026-08-01T09:00:00-04:00");
    expect(nextSendDateOnReEnable({ lastSentAt: null, now, fixedSendDay: 25 }, NEW_YORK)).toEqual(now);
  });
});
