import { describe, expect, it } from "vitest";
import {
  CANCELED_BY_DISABLING,
  type PreparedEmailFacts,
  whyNotRestorePreparedEmail,
} from "@/lib/campaigns/prepared-email-on-re-enable";

const NOW = new Date("2026-11-23T19:00:00Z");

function facts(overrides: {
  campaign?: Partial<PreparedEmailFacts["campaign"]>;
  email?: Partial<NonNullable<PreparedEmailFacts["email"]>> | null;
  editedSincePrepared?: boolean;
  promotedThisCycle?: boolean;
  suppressed?: boolean;
}): PreparedEmailFacts {
  return {
    now: NOW,
    campaign: { status: "DORMANT", cycle: 4, unsubscribedAt: null, ...overrides.campaign },
    email:
      overrides.email === null
        ? null
        : {
            cycle: 4,
            status: "CANCELED",
            error: CANCELED_BY_DISABLING,
            approvalStatus: "PENDING",
            scheduledSendDatetime: new Date("2026-11-25T17:00:00Z"),
            ...overrides.email,
          },
    editedSincePrepared: overrides.editedSincePrepared ?? false,
    promotedThisCycle: overrides.promotedThisCycle ?? false,
    suppressed: overrides.suppressed ?? false,
  };
}

describe("whyNotRestorePreparedEmail", () => {
  it.each([
    ["waiting for approval", {}],
    ["approved", { email: { approvalStatus: "APPROVED" as const } }],
    ["needing no approval", { email: { approvalStatus: "NOT_REQUIRED" as const } }],
    ["a minute before its send time", { email: { scheduledSendDatetime: new Date(NOW.getTime() + 60_000) } }],
  ])("restores the email disabling canceled: %s", (_case, overrides) => {
    expect(whyNotRestorePreparedEmail(facts(overrides))).toBeNull();
  });

  it.each([
    ["no email this cycle", { email: null }, "no email was prepared"],
    ["an older cycle's email", { email: { cycle: 3 } }, "no email was prepared"],
    [
      "canceled by an unsubscribe",
      { email: { error: "Homeowner unsubscribed" } },
      "not stopped by disabling",
    ],
    ["already sent", { email: { status: "COMPLETE" as const, error: null } }, "not stopped by disabling"],
    ["campaign still working", { campaign: { status: "READY_TO_CREATE_EMAIL" as const } }, "moved on"],
    ["skipped", { email: { approvalStatus: "REJECTED" as const } }, "skipped"],
    ["unsubscribed", { campaign: { unsubscribedAt: NOW } }, "can no longer be emailed"],
    ["address suppressed", { suppressed: true }, "can no longer be emailed"],
    ["details edited", { editedSincePrepared: true }, "details changed"],
    ["at its send time", { email: { scheduledSendDatetime: NOW } }, "send time has passed"],
    ["after its send time", { email: { scheduledSendDatetime: new Date("2026-11-20T17:00:00Z") } }, "passed"],
    ["already handed to the sender", { promotedThisCycle: true }, "send time has passed"],
  ])("prepares afresh: %s", (_case, overrides, why) => {
    expect(whyNotRestorePreparedEmail(facts(overrides))).toContain(why);
  });
});
