import { describe, expect, it } from "vitest";
import { resolveMonth, seasonOf } from "@/lib/ai/email-month";

describe("resolveMonth", () => {
  it("reads an instant in the agent's time zone, not in UTC", () => {
    // 1 December 03:00 UTC is still 30 November in New York and Los Angeles.
    expect(resolveMonth(new Date("2026-12-01T03:00:00Z"), "America/New_York")).toBe("2026-11");
    expect(resolveMonth(new Date("2026-12-01T07:59:00Z"), "America/Los_Angeles")).toBe("2026-11");
    expect(resolveMonth(new Date("2026-12-01T08:00:00Z"), "America/Los_Angeles")).toBe("2026-12");
    expect(resolveMonth(new Date("2027-01-01T04:59:59Z"), "America/New_York")).toBe("2026-12");
  });

  it("takes a YYYY-MM month as it is and refuses anything else", () => {
    expect(resolveMonth("2026-02", "America/New_York")).toBe("2026-02");
    expect(() => resolveMonth("2026-13", "America/New_York")).toThrow(/YYYY-MM/);
    expect(() => resolveMonth(new Date("2026-12-01T00:00:00Z"), "Mars/Olympus_Mons")).toThrow(
      /time zone "Mars\/Olympus_Mons"/,
    );
  });

  it("names the season of a month", () => {
    expect([12, 1, 3, 6, 9].map(seasonOf)).toEqual(["winter", "winter", "spring", "summer", "fall"]);
  });
});
