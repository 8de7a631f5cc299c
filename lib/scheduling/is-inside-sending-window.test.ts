import { describe, expect, it } from "vitest";
import { isInsideSendingWindow } from "./is-inside-sending-window";
import { at, LOS_ANGELES, NEW_YORK } from "./test-support";
import { DEFAULT_SCHEDULING } from "./types";

// [zone settings, local date, UTC offset that applies on that date at 11:00–18:00]
const days = [
  ["New York, summer", NEW_YORK, "2026-06-15", "-04:00"],
  ["New York, winter", NEW_YORK, "2026-01-15", "-05:00"],
  ["New York, DST starts", NEW_YORK, "2026-03-08", "-04:00"],
  ["New York, DST ends", NEW_YORK, "2026-11-01", "-05:00"],
  ["Los Angeles, DST starts", LOS_ANGELES, "2026-03-08", "-07:00"],
  ["Los Angeles, DST ends", LOS_ANGELES, "2026-11-01", "-08:00"],
  ["New York, leap day", NEW_YORK, "2028-02-29", "-05:00"],
] as const;

const edges = [
  ["00:00:00.000", false],
  ["10:59:59.000", false],
  ["10:59:59.999", false],
  ["11:00:00.000", true],
  ["14:30:00.000", true],
  ["17:59:59.000", true],
  ["17:59:59.999", true],
  ["18:00:00.000", false],
  ["23:59:59.999", false],
] as const;

const cases = days.flatMap(([name, settings, date, offset]) =>
  edges.map(([time, inside]) => ({ name, settings, local: `${date}T${time}${offset}`, inside })),
);

describe("isInsideSendingWindow", () => {
  it.each(cases)("$name: $local → $inside", ({ settings, local, inside }) => {
    expect(isInsideSendingWindow(at(local), settings)).toBe(inside);
  });

  it("reads the window on the local wall clock, not a fixed offset, on DST switch days", () => {
    // 15:00Z is 11:00 EDT on 8 March 2026 (inside) but was 10:00 EST on 7 March (outside).
    expect(isInsideSendingWindow(at("2026-03-08T15:00:00Z"), NEW_YORK)).toBe(true);
    expect(isInsideSendingWindow(at("2026-03-07T15:00:00Z"), NEW_YORK)).toBe(false);
    // 22:30Z is 17:30 EST on 1 November (inside) but 18:30 EDT on 31 October (outside).
    expect(isInsideSendingWindow(at("2026-11-01T22:30:00Z"), NEW_YORK)).toBe(true);
    expect(isInsideSendingWindow(at("2026-10-31T22:30:00Z"), NEW_YORK)).toBe(false);
    // Los Angeles: 11:00 PDT on 8 March is 18:00Z; 18:00 PST on 1 November is 02:00Z on 2 November.
    expect(isInsideSendingWindow(at("2026-03-08T18:00:00Z"), LOS_ANGELES)).toBe(true);
    expect(isInsideSendingWindow(at("2026-11-02T01:59:59Z"), LOS_ANGELES)).toBe(true);
    expect(isInsideSendingWindow(at("2026-11-02T02:00:00Z"), LOS_ANGELES)).toBe(false);
  });

  it("is always true when the agent turned the window off", () => {
    const off = { ...NEW_YORK, sendingWindowEnabled: false };
    expect(isInsideSendingWindow(at("2026-06-15T03:00:00-04:00"), off)).toBe(true);
    expect(isInsideSendingWindow(at("2026-06-15T18:00:00-04:00"), off)).toBe(true);
  });

  it("refuses an unknown time zone, an Invalid Date and bad numbers instead of guessing", () => {
    const now = at("2026-06-15T12:00:00-04:00");
    expect(() => isInsideSendingWindow(now, { ...DEFAULT_SCHEDULING, timeZone: "Mars/Olympus" })).toThrow(
      /unknown time zone "Mars\/Olympus"/,
    );
    expect(() => isInsideSendingWindow(new Date(Number.NaN), NEW_YORK)).toThrow(
      /instant must be a valid Date/,
    );
    expect(() => isInsideSendingWindow(now, { ...NEW_YORK, firstTimeDelayHours: -1 })).toThrow(
      /firstTimeDelayHours/,
    );
    expect(() => isInsideSendingWindow(now, { ...NEW_YORK, minDaysBetweenEmails: 1.5 })).toThrow(
      /minDaysBetweenEmails/,
    );
    expect(() => isInsideSendingWindow(now, { ...NEW_YORK, prepareLeadHours: Number.NaN })).toThrow(
      /prepareLeadHours/,
    );
  });
});
