import { describe, expect, it } from "vitest";
import { type MaySendNow, maySendNow } from "./may-send-now";
import { at, LOS_ANGELES, NEW_YORK } from "./test-support";
import type { SchedulingSettings } from "./types";

type Case = {
  why: string;
  settings?: SchedulingSettings;
  createdAt?: string;
  scheduled: string;
  now: string;
  approved?: boolean;
  /** "ok", a reason without notBefore, or [reason, notBefore]. */
  want: "ok" | "NOT_APPROVED" | [reason: string, notBefore: string];
};

// A campaign created long ago: only its later emails are here, so the first-time delay has passed.
const OLD = "2025-01-06T12:00:00-05:00";

const cases: Case[] = [
  // A later email scheduled for 11:00 on its fixed day.
  {
    why: "approved, at the scheduled time",
    scheduled: "2026-06-16T11:00:00-04:00",
    now: "2026-06-16T11:00:00-04:00",
    want: "ok",
  },
  {
    why: "approved, 1 s early",
    scheduled: "2026-06-16T11:00:00-04:00",
    now: "2026-06-16T10:59:59-04:00",
    want: ["NOT_YET_SCHEDULED", "2026-06-16T11:00:00-04:00"],
  },
  {
    why: "approved days ahead",
    scheduled: "2026-06-16T11:00:00-04:00",
    now: "2026-06-14T15:00:00-04:00",
    want: ["NOT_YET_SCHEDULED", "2026-06-16T11:00:00-04:00"],
  },
  {
    why: "not approved",
    scheduled: "2026-06-16T11:00:00-04:00",
    now: "2026-06-16T12:00:00-04:00",
    approved: false,
    want: "NOT_APPROVED",
  },
  {
    why: "not approved, also outside the window",
    scheduled: "2026-06-16T11:00:00-04:00",
    now: "2026-06-16T20:00:00-04:00",
    approved: false,
    want: "NOT_APPROVED",
  },
  // Late approvals.
  {
    why: "late approval inside the window: at once",
    scheduled: "2026-06-16T11:00:00-04:00",
    now: "2026-06-18T15:00:00-04:00",
    want: "ok",
  },
  {
    why: "late approval at 17:59:59",
    scheduled: "2026-06-16T11:00:00-04:00",
    now: "2026-06-16T17:59:59-04:00",
    want: "ok",
  },
  {
    why: "late approval at 18:00: next opening",
    scheduled: "2026-06-16T11:00:00-04:00",
    now: "2026-06-16T18:00:00-04:00",
    want: ["OUTSIDE_WINDOW", "2026-06-17T11:00:00-04:00"],
  },
  {
    why: "late approval early morning: today's opening",
    scheduled: "2026-06-16T11:00:00-04:00",
    now: "2026-06-17T08:00:00-04:00",
    want: ["OUTSIDE_WINDOW", "2026-06-17T11:00:00-04:00"],
  },
  {
    why: "late approval, evening before spring forward",
    scheduled: "2026-03-07T11:00:00-05:00",
    now: "2026-03-07T19:00:00-05:00",
    want: ["OUTSIDE_WINDOW", "2026-03-08T11:00:00-04:00"],
  },
  {
    why: "late approval, evening before fall back (LA)",
    settings: LOS_ANGELES,
    scheduled: "2026-10-31T11:00:00-07:00",
    now: "2026-10-31T18:30:00-07:00",
    want: ["OUTSIDE_WINDOW", "2026-11-01T11:00:00-08:00"],
  },
  {
    why: "window off: any hour",
    settings: { ...NEW_YORK, sendingWindowEnabled: false },
    scheduled: "2026-06-16T11:00:00-04:00",
    now: "2026-06-16T22:00:00-04:00",
    want: "ok",
  },
  // First emails: created Jun 15 12:30, delay until Jun 16 12:30.
  {
    why: "first email, 1 s before the delay ends",
    createdAt: "2026-06-15T12:30:00-04:00",
    scheduled: "2026-06-16T12:30:00-04:00",
    now: "2026-06-16T12:29:59-04:00",
    want: ["FIRST_TIME_DELAY", "2026-06-16T12:30:00-04:00"],
  },
  {
    why: "first email, when the delay ends",
    createdAt: "2026-06-15T12:30:00-04:00",
    scheduled: "2026-06-16T12:30:00-04:00",
    now: "2026-06-16T12:30:00-04:00",
    want: "ok",
  },
  {
    why: "first email: the delay holds even if scheduled earlier",
    createdAt: "2026-06-15T12:30:00-04:00",
    scheduled: "2026-06-15T12:30:00-04:00",
    now: "2026-06-16T09:00:00-04:00",
    want: ["FIRST_TIME_DELAY", "2026-06-16T12:30:00-04:00"],
  },
  {
    why: "first email: delay ends after closing",
    createdAt: "2026-06-15T19:00:00-04:00",
    scheduled: "2026-06-17T11:00:00-04:00",
    now: "2026-06-16T12:00:00-04:00",
    want: ["FIRST_TIME_DELAY", "2026-06-17T11:00:00-04:00"],
  },
  {
    why: "first email, window turned on after scheduling",
    createdAt: "2026-06-15T20:00:00-04:00",
    scheduled: "2026-06-16T20:00:00-04:00",
    now: "2026-06-16T20:00:00-04:00",
    want: ["OUTSIDE_WINDOW", "2026-06-17T11:00:00-04:00"],
  },
];

describe("maySendNow", () => {
  it.each(cases)(
    "$why",
    ({ settings = NEW_YORK, createdAt = OLD, scheduled, now, approved = true, want }) => {
      const result = maySendNow(
        { now: at(now), scheduledSendDatetime: at(scheduled), campaignCreatedAt: at(createdAt), approved },
        settings,
      );
      const expected: MaySendNow =
        want === "ok"
          ? { ok: true }
          : want === "NOT_APPROVED"
            ? { ok: false, reason: "NOT_APPROVED" }
            : { ok: false, reason: want[0] as "OUTSIDE_WINDOW", notBefore: at(want[1]) };
      expect(result).toEqual(expected);
    },
  );
});
