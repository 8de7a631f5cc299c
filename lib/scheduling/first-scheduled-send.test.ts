import { describe, expect, it } from "vitest";
import { firstScheduledSendDatetime } from "./first-scheduled-send";
import { at, LOS_ANGELES, NEW_YORK } from "./test-support";
import type { SchedulingSettings } from "./types";

/** [campaign createdAt, expected scheduledSendDatetime of its first email, why] */
type Row = [createdAt: string, want: string, why: string];

const newYork: Row[] = [
  ["2026-06-15T12:30:00-04:00", "2026-06-16T12:30:00-04:00", "+24 h lands inside: exactly +24 h"],
  ["2026-06-15T10:00:00-04:00", "2026-06-16T11:00:00-04:00", "lands before opening: that day's opening"],
  ["2026-06-15T10:59:59-04:00", "2026-06-16T11:00:00-04:00", "lands at 10:59:59"],
  ["2026-06-15T11:00:00-04:00", "2026-06-16T11:00:00-04:00", "lands exactly at opening"],
  ["2026-06-15T17:59:59-04:00", "2026-06-16T17:59:59-04:00", "lands at 17:59:59"],
  ["2026-06-15T18:00:00-04:00", "2026-06-17T11:00:00-04:00", "lands exactly at closing: next opening"],
  ["2026-06-15T23:00:00-04:00", "2026-06-17T11:00:00-04:00", "lands late evening"],
  // Elapsed hours across the switch: +24 h is 25 or 23 wall-clock hours later.
  ["2026-03-07T10:30:00-05:00", "2026-03-08T11:30:00-04:00", "spring forward: 10:30 EST + 24 h = 11:30 EDT"],
  ["2026-03-07T17:30:00-05:00", "2026-03-09T11:00:00-04:00", "spring forward: lands 18:30 EDT"],
  ["2026-10-31T10:30:00-04:00", "2026-11-01T11:00:00-05:00", "fall back: lands 09:30 EST"],
  ["2026-10-31T18:30:00-04:00", "2026-11-01T17:30:00-05:00", "fall back: 18:30 EDT + 24 h = 17:30 EST"],
  // Month, year and leap-year ends.
  ["2026-01-31T19:00:00-05:00", "2026-02-02T11:00:00-05:00", "Jan 31 evening"],
  ["2026-12-31T12:00:00-05:00", "2027-01-01T12:00:00-05:00", "New Year's Eve"],
  ["2028-02-28T12:00:00-05:00", "2028-02-29T12:00:00-05:00", "onto leap day"],
  ["2028-02-28T20:00:00-05:00", "2028-03-01T11:00:00-05:00", "leap day evening"],
];

const losAngeles: Row[] = [
  ["2026-03-07T10:30:00-08:00", "2026-03-08T11:30:00-07:00", "spring forward: lands 11:30 PDT"],
  ["2026-03-07T17:30:00-08:00", "2026-03-09T11:00:00-07:00", "spring forward: lands 18:30 PDT"],
  ["2026-10-31T10:30:00-07:00", "2026-11-01T11:00:00-08:00", "fall back: lands 09:30 PST"],
  ["2026-10-31T18:30:00-07:00", "2026-11-01T17:30:00-08:00", "fall back: lands 17:30 PST"],
];

const windowOff: Row[] = [["2026-06-15T02:00:00-04:00", "2026-06-16T02:00:00-04:00", "exactly +24 h"]];

const noDelay: Row[] = [
  ["2026-06-15T12:00:00-04:00", "2026-06-15T12:00:00-04:00", "inside: at once"],
  ["2026-06-15T20:00:00-04:00", "2026-06-16T11:00:00-04:00", "evening: next opening"],
];

const threeDays: Row[] = [["2026-06-15T12:00:00-04:00", "2026-06-18T12:00:00-04:00", "+72 h"]];

const groups: [string, SchedulingSettings, Row[]][] = [
  ["New York, 24 h", NEW_YORK, newYork],
  ["Los Angeles, 24 h", LOS_ANGELES, losAngeles],
  ["window off", { ...NEW_YORK, sendingWindowEnabled: false }, windowOff],
  ["delay 0", { ...NEW_YORK, firstTimeDelayHours: 0 }, noDelay],
  ["delay 72 h", { ...NEW_YORK, firstTimeDelayHours: 72 }, threeDays],
];

describe("firstScheduledSendDatetime", () => {
  describe.each(groups)("%s", (_group, settings, rows) => {
    it.each(rows)("created %s → %s (%s)", (createdAt, want) => {
      expect(firstScheduledSendDatetime(at(createdAt), settings).toISOString()).toBe(at(want).toISOString());
    });
  });
});
