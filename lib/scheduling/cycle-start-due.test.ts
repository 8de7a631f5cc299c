import { describe, expect, it } from "vitest";
import { cycleStartAt, isCycleStartDue, nextSendDateStartingCycleAt } from "./cycle-start-due";
import { at, NEW_YORK } from "./test-support";
import type { SchedulingSettings } from "./types";

/** [nextSendDate, now, due?, why] */
type Row = [nextSendDate: string, now: string, due: boolean, why: string];

const lead48: Row[] = [
  ["2026-12-25T11:00:00-05:00", "2026-12-23T10:59:59.999-05:00", false, "1 ms before the lead"],
  ["2026-12-25T11:00:00-05:00", "2026-12-23T11:00:00-05:00", true, "exactly 48 h before"],
  ["2026-12-25T11:00:00-05:00", "2026-12-26T09:00:00-05:00", true, "overdue (poller was down)"],
  // Elapsed hours: 48 h before 11:00 EDT on Mar 9 is 10:00 EST on Mar 7.
  ["2026-03-09T11:00:00-04:00", "2026-03-07T09:59:59-05:00", false, "across spring forward, just before"],
  ["2026-03-09T11:00:00-04:00", "2026-03-07T10:00:00-05:00", true, "across spring forward, at"],
  // First cycle: nextSendDate = createdAt, due at once.
  ["2026-06-15T12:30:00-04:00", "2026-06-15T12:30:00-04:00", true, "first cycle, at creation"],
];

const lead0: Row[] = [
  ["2026-12-25T11:00:00-05:00", "2026-12-25T10:59:59-05:00", false, "1 s before the send date"],
  ["2026-12-25T11:00:00-05:00", "2026-12-25T11:00:00-05:00", true, "on the send date"],
];

const groups: [string, SchedulingSettings, Row[]][] = [
  ["lead 48 h", NEW_YORK, lead48],
  ["lead 0", { ...NEW_YORK, prepareLeadHours: 0 }, lead0],
];

describe("isCycleStartDue", () => {
  describe.each(groups)("%s", (_group, settings, rows) => {
    it.each(rows)("send %s, now %s → %s (%s)", (nextSendDate, now, due) => {
      expect(isCycleStartDue(at(nextSendDate), at(now), settings)).toBe(due);
    });
  });
});

describe("cycleStartAt", () => {
  it("is nextSendDate minus the lead in elapsed hours", () => {
    expect(cycleStartAt(at("2026-12-25T11:00:00-05:00"), NEW_YORK).toISOString()).toBe(
      "2026-12-23T16:00:00.000Z",
    );
    expect(cycleStartAt(at("2026-03-09T11:00:00-04:00"), NEW_YORK).toISOString()).toBe(
      "2026-03-07T15:00:00.000Z",
    );
    const noLead = { ...NEW_YORK, prepareLeadHours: 0 };
    expect(cycleStartAt(at("2026-12-25T11:00:00-05:00"), noLead).toISOString()).toBe(
      "2026-12-25T16:00:00.000Z",
    );
  });
});

describe("nextSendDateStartingCycleAt", () => {
  it.each([
    ["lead 48 h", NEW_YORK],
    ["lead 0", { ...NEW_YORK, prepareLeadHours: 0 }],
  ])("gives a send date whose cycle starts exactly then, not before (%s)", (_lead, settings) => {
    const retryAt = at("2026-12-02T09:30:00-05:00");
    const nextSendDate = nextSendDateStartingCycleAt(retryAt, settings);
    expect(cycleStartAt(nextSendDate, settings)).toEqual(retryAt);
    expect(isCycleStartDue(nextSendDate, new Date(retryAt.getTime() - 1), settings)).toBe(false);
    expect(isCycleStartDue(nextSendDate, retryAt, settings)).toBe(true);
  });
});
