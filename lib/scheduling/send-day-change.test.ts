import { describe, expect, it } from "vitest";
import { nextSendDateAfterSendDayChange } from "./send-day-change";
import { at, LOS_ANGELES, NEW_YORK } from "./test-support";

/** [last sent, now, new fixed day, expected nextSendDate, why] */
type Row = [lastSentAt: string, now: string, newFixedSendDay: number, want: string, why: string];

const rows: Row[] = [
  ["2026-11-11T14:00:00-05:00", "2026-11-20T09:00:00-05:00", 5, "2026-12-05T11:00:00-05:00", "25 → 5"],
  [
    "2026-11-11T14:00:00-05:00",
    "2026-11-20T09:00:00-05:00",
    28,
    "2026-11-28T11:00:00-05:00",
    "25 → 28, this month",
  ],
  [
    "2026-11-11T14:00:00-05:00",
    "2026-11-16T09:00:00-05:00",
    25,
    "2026-11-25T11:00:00-05:00",
    "exactly 14 days",
  ],
  [
    "2026-11-11T14:00:00-05:00",
    "2026-11-16T09:00:00-05:00",
    24,
    "2026-12-24T11:00:00-05:00",
    "13 days: next month",
  ],
  // The date from the last send has gone by: the next one from now.
  ["2026-09-10T14:00:00-04:00", "2026-11-20T09:00:00-05:00", 1, "2026-12-01T11:00:00-05:00", "Oct 1 is past"],
  [
    "2026-09-10T14:00:00-04:00",
    "2026-11-20T10:59:59-05:00",
    20,
    "2026-11-20T11:00:00-05:00",
    "today, before 11:00",
  ],
  [
    "2026-09-10T14:00:00-04:00",
    "2026-11-20T11:00:00-05:00",
    20,
    "2026-11-20T11:00:00-05:00",
    "today, at 11:00",
  ],
  [
    "2026-09-10T14:00:00-04:00",
    "2026-11-20T11:00:01-05:00",
    20,
    "2026-12-20T11:00:00-05:00",
    "today, after 11:00",
  ],
  // Calendar edges.
  [
    "2026-02-10T14:00:00-05:00",
    "2026-02-20T09:00:00-05:00",
    8,
    "2026-03-08T11:00:00-04:00",
    "onto spring forward",
  ],
  ["2026-12-20T14:00:00-05:00", "2026-12-21T09:00:00-05:00", 2, "2027-02-02T11:00:00-05:00", "year rollover"],
  [
    "2028-02-10T14:00:00-05:00",
    "2028-02-11T09:00:00-05:00",
    28,
    "2028-02-28T11:00:00-05:00",
    "leap February",
  ],
];

describe("nextSendDateAfterSendDayChange", () => {
  it.each(rows)("sent %s, changed %s to day %i → %s (%s)", (lastSentAt, now, day, want) => {
    const next = nextSendDateAfterSendDayChange(
      {
        lastSentAt: at(lastSentAt),
        createdAt: at("2026-01-05T12:00:00-05:00"),
        now: at(now),
        newFixedSendDay: day,
      },
      NEW_YORK,
    );
    expect(next.toISOString()).toBe(at(want).toISOString());
  });

  it("in the agent's zone: Los Angeles, onto fall back", () => {
    const next = nextSendDateAfterSendDayChange(
      {
        lastSentAt: at("2026-10-10T14:00:00-07:00"),
        createdAt: at("2026-01-05T12:00:00-08:00"),
        now: at("2026-10-20T09:00:00-07:00"),
        newFixedSendDay: 1,
      },
      LOS_ANGELES,
    );
    expect(next.toISOString()).toBe(at("2026-11-01T11:00:00-08:00").toISOString());
  });

  it("never sent: the first cycle still starts at creation, whatever the new day", () => {
    const createdAt = at("2026-06-15T12:30:00-04:00");
    for (const day of [1, 14, 28]) {
      const next = nextSendDateAfterSendDayChange(
        { lastSentAt: null, createdAt, now: at("2026-06-15T13:00:00-04:00"), newFixedSendDay: day },
        NEW_YORK,
      );
      expect(next.toISOString()).toBe(createdAt.toISOString());
    }
  });

  it("refuses a day outside 1–28", () => {
    expect(() =>
      nextSendDateAfterSendDayChange(
        {
          lastSentAt: null,
          createdAt: at("2026-06-15T12:30:00-04:00"),
          now: at("2026-06-15T13:00:00-04:00"),
          newFixedSendDay: 31,
        },
        NEW_YORK,
      ),
    ).toThrow(/fixedSendDay/);
  });
});
