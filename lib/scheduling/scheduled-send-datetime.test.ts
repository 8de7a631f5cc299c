import { describe, expect, it } from "vitest";
import { scheduledSendDatetime } from "./scheduled-send-datetime";
import { at, LOS_ANGELES, NEW_YORK } from "./test-support";

describe("scheduledSendDatetime", () => {
  it("first email (never sent): createdAt + 24 h, moved to the next opening when outside", () => {
    const createdAt = at("2026-06-15T10:00:00-04:00");
    const first = scheduledSendDatetime(
      { lastSentAt: null, campaignCreatedAt: createdAt, nextSendDate: createdAt },
      NEW_YORK,
    );
    expect(first.toISOString()).toBe(at("2026-06-16T11:00:00-04:00").toISOString());
  });

  it("first email inside the window: exactly createdAt + 24 h", () => {
    const createdAt = at("2026-06-15T12:30:00-04:00");
    const first = scheduledSendDatetime(
      { lastSentAt: null, campaignCreatedAt: createdAt, nextSendDate: createdAt },
      NEW_YORK,
    );
    expect(first.toISOString()).toBe(at("2026-06-16T12:30:00-04:00").toISOString());
  });

  it("a never-sent campaign re-enabled later keeps the createdAt-based time (already past: goes when approved)", () => {
    const scheduled = scheduledSendDatetime(
      {
        lastSentAt: null,
        campaignCreatedAt: at("2026-06-15T12:30:00-04:00"),
        nextSendDate: at("2026-08-01T09:00:00-04:00"),
      },
      NEW_YORK,
    );
    expect(scheduled.toISOString()).toBe(at("2026-06-16T12:30:00-04:00").toISOString());
  });

  it("later emails: the cycle's nextSendDate (11:00 local on the fixed day), not createdAt + delay", () => {
    const nextSendDate = at("2026-11-25T11:00:00-05:00");
    const later = scheduledSendDatetime(
      {
        lastSentAt: at("2026-11-03T14:00:00-05:00"),
        campaignCreatedAt: at("2026-10-01T12:00:00-04:00"),
        nextSendDate,
      },
      NEW_YORK,
    );
    expect(later.toISOString()).toBe(nextSendDate.toISOString());
  });

  it("later emails stay inside the window when the agent moved zone after nextSendDate was computed", () => {
    // 11:00 in New York is 08:00 in Los Angeles: the email waits for 11:00 there.
    const later = scheduledSendDatetime(
      {
        lastSentAt: at("2026-11-03T14:00:00-05:00"),
        campaignCreatedAt: at("2026-10-01T12:00:00-04:00"),
        nextSendDate: at("2026-11-25T11:00:00-05:00"),
      },
      LOS_ANGELES,
    );
    expect(later.toISOString()).toBe(at("2026-11-25T11:00:00-08:00").toISOString());
  });

  it("later emails with the window off: nextSendDate unchanged", () => {
    const nextSendDate = at("2026-11-25T11:00:00-05:00");
    const later = scheduledSendDatetime(
      {
        lastSentAt: at("2026-11-03T14:00:00-05:00"),
        campaignCreatedAt: at("2026-10-01T12:00:00-04:00"),
        nextSendDate,
      },
      { ...NEW_YORK, sendingWindowEnabled: false },
    );
    expect(later.toISOString()).toBe(nextSendDate.toISOString());
  });

  it("after a skip before any send: the send date the skip set, not creation + delay (long past)", () => {
    const campaign = {
      lastSentAt: null,
      campaignCreatedAt: at("2026-06-15T12:30:00-04:00"),
      nextSendDate: at("2026-07-20T11:00:00-04:00"),
      skippedBeforeFirstSend: true,
    };
    expect(scheduledSendDatetime(campaign, NEW_YORK).toISOString()).toBe(
      at("2026-07-20T11:00:00-04:00").toISOString(),
    );
    // Without the skip, the first-email rule stands.
    expect(
      scheduledSendDatetime({ ...campaign, skippedBeforeFirstSend: false }, NEW_YORK).toISOString(),
    ).toBe(at("2026-06-16T12:30:00-04:00").toISOString());
  });

  it("a skip does not move a first email whose own time is later than the send date", () => {
    const createdAt = at("2026-06-15T12:30:00-04:00");
    const scheduled = scheduledSendDatetime(
      {
        lastSentAt: null,
        campaignCreatedAt: createdAt,
        nextSendDate: createdAt,
        skippedBeforeFirstSend: true,
      },
      NEW_YORK,
    );
    expect(scheduled.toISOString()).toBe(at("2026-06-16T12:30:00-04:00").toISOString());
  });
});
