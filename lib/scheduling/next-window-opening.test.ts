import { describe, expect, it } from "vitest";
import { nextWindowOpening } from "./next-window-opening";
import { at, LOS_ANGELES, NEW_YORK } from "./test-support";
import type { SchedulingSettings } from "./types";

/** [from, expected opening, why] — offsets written out are the expected local offset on that date. */
type Row = [from: string, want: string, why: string];

const newYork: Row[] = [
  ["2026-06-15T10:59:59-04:00", "2026-06-15T11:00:00-04:00", "one second before opening"],
  ["2026-06-15T11:00:00-04:00", "2026-06-15T11:00:00-04:00", "at opening: itself"],
  ["2026-06-15T17:59:59-04:00", "2026-06-15T17:59:59-04:00", "last second: itself"],
  ["2026-06-15T18:00:00-04:00", "2026-06-16T11:00:00-04:00", "at closing: next day"],
  ["2026-06-15T00:00:00-04:00", "2026-06-15T11:00:00-04:00", "local midnight: same day"],
  ["2026-06-15T23:59:59-04:00", "2026-06-16T11:00:00-04:00", "late evening (next UTC date)"],
  // Spring forward (2026-03-08 02:00 → 03:00): 11:00 EDT = 15:00Z, not 16:00Z.
  ["2026-03-07T19:00:00-05:00", "2026-03-08T11:00:00-04:00", "evening before spring forward"],
  ["2026-03-08T01:59:59-05:00", "2026-03-08T11:00:00-04:00", "night, before the gap"],
  ["2026-03-08T03:00:00-04:00", "2026-03-08T11:00:00-04:00", "night, after the gap"],
  ["2026-03-08T18:00:00-04:00", "2026-03-09T11:00:00-04:00", "closing on spring-forward day"],
  // Fall back (2026-11-01 02:00 → 01:00): 11:00 EST = 16:00Z, not 15:00Z.
  ["2026-10-31T19:00:00-04:00", "2026-11-01T11:00:00-05:00", "evening before fall back"],
  ["2026-11-01T01:30:00-04:00", "2026-11-01T11:00:00-05:00", "first 01:30"],
  ["2026-11-01T01:30:00-05:00", "2026-11-01T11:00:00-05:00", "second 01:30"],
  ["2026-11-01T18:00:00-05:00", "2026-11-02T11:00:00-05:00", "closing on fall-back day"],
  // Month, year and leap-year ends.
  ["2026-12-31T18:00:00-05:00", "2027-01-01T11:00:00-05:00", "year end"],
  ["2028-02-28T18:30:00-05:00", "2028-02-29T11:00:00-05:00", "into leap day"],
  ["2028-02-29T18:00:00-05:00", "2028-03-01T11:00:00-05:00", "out of leap day"],
  ["2027-02-28T20:00:00-05:00", "2027-03-01T11:00:00-05:00", "Feb 28 → Mar 1 in a common year"],
  ["2026-01-31T18:00:00-05:00", "2026-02-01T11:00:00-05:00", "Jan 31 → Feb 1"],
];

const losAngeles: Row[] = [
  ["2026-03-07T19:00:00-08:00", "2026-03-08T11:00:00-07:00", "evening before spring forward"],
  ["2026-03-08T10:59:59-07:00", "2026-03-08T11:00:00-07:00", "before opening, spring-forward day"],
  ["2026-03-08T18:00:00-07:00", "2026-03-09T11:00:00-07:00", "closing, spring-forward day"],
  ["2026-10-31T19:00:00-07:00", "2026-11-01T11:00:00-08:00", "evening before fall back"],
  ["2026-11-01T10:59:59-08:00", "2026-11-01T11:00:00-08:00", "before opening, fall-back day"],
  ["2026-11-01T18:00:00-08:00", "2026-11-02T11:00:00-08:00", "closing, fall-back day"],
];

const windowOff: Row[] = [
  ["2026-06-15T03:00:00-04:00", "2026-06-15T03:00:00-04:00", "night: itself"],
  ["2026-06-15T18:00:00-04:00", "2026-06-15T18:00:00-04:00", "18:00: itself"],
];

const groups: [string, SchedulingSettings, Row[]][] = [
  ["New York", NEW_YORK, newYork],
  ["Los Angeles", LOS_ANGELES, losAngeles],
  ["window off", { ...NEW_YORK, sendingWindowEnabled: false }, windowOff],
];

describe("nextWindowOpening", () => {
  describe.each(groups)("%s", (_zone, settings, rows) => {
    it.each(rows)("%s → %s (%s)", (from, want) => {
      expect(nextWindowOpening(at(from), settings).toISOString()).toBe(at(want).toISOString());
    });
  });
});
