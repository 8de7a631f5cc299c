import { describe, expect, it } from "vitest";
import type { CampaignStatus } from "@/lib/generated/prisma/enums";
import { describeTimelineEntry } from "./timeline-entry";

const row = (
  event: string,
  cycle: number,
  fromStatus: CampaignStatus | null,
  toStatus: CampaignStatus | null,
) => ({
  event,
  cycle,
  fromStatus,
  toStatus,
});

describe("describeTimelineEntry", () => {
  it("a campaign disabled mid-cycle and enabled again reads as two cycles, not one status twice", () => {
    // The rows createCampaign, the poller, setCampaignEnabled and abandonInactiveCycles write, oldest first.
    const history = [
      row("CREATED", 0, null, "DORMANT"),
      row("STATUS_CHANGED", 1, "DORMANT", "WAITING_FOR_DATA"),
      row("DISABLED", 1, null, null),
      row("CYCLE_ABANDONED", 1, "WAITING_FOR_DATA", "DORMANT"),
      row("ENABLED", 1, null, null),
      row("STATUS_CHANGED", 2, "DORMANT", "WAITING_FOR_DATA"),
    ];
    expect(history.map(describeTimelineEntry)).toEqual([
      "Campaign created",
      "Cycle 1 started → Gathering data",
      "Disabled",
      "Cycle stopped → Scheduled",
      "Enabled",
      "Cycle 2 started → Gathering data",
    ]);
  });

  it.each([
    [row("STATUS_CHANGED", 3, "WAITING_FOR_DATA", "WAITING_FOR_HOME_ANALYSIS"), "Status changed → Writing"],
    [row("EMAIL_SENT", 3, "READY_TO_SEND_EMAIL", "DORMANT"), "Email sent → Scheduled"],
    [row("CYCLE_FAILED", 3, "WAITING_FOR_DATA", "DORMANT"), "Cycle failed → Scheduled"],
    [row("CYCLE_SKIPPED", 3, "READY_TO_CREATE_EMAIL", "DORMANT"), "Skipped by you → Scheduled"],
    // Work requested again changes no status.
    [row("RETRIED", 3, "WAITING_FOR_DATA", "WAITING_FOR_DATA"), "Work requested again"],
    [row("EMAIL_CREATED", 3, null, null), "Email written"],
    [row("INTRO_WRITTEN", 3, null, null), "intro written"],
  ])("%j reads %j", (entry, headline) => {
    expect(describeTimelineEntry(entry)).toBe(headline);
  });
});
