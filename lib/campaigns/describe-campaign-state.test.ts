import { describe, expect, it } from "vitest";
import { DEFAULT_SCHEDULING, type SchedulingSettings } from "@/lib/scheduling/types";
import {
  type CampaignForState,
  type CampaignState,
  describeCampaignState,
  type EmailForState,
} from "./describe-campaign-state";

// All in New York (EST in December, UTC−5); the sending window is 11:00–18:00 local.
const NY: SchedulingSettings = { ...DEFAULT_SCHEDULING, timeZone: "America/New_York" };
const WINDOW_OFF: SchedulingSettings = { ...NY, sendingWindowEnabled: false };
const est = (local: string) => new Date(`${local}-05:00`);

/** The moment: Sat Dec 5, 12:51 AM, outside the window. */
const NIGHT = est("2026-12-05T00:51:00");
const NOON = est("2026-12-05T12:30:00");

/** A campaign that has sent monthly emails: last on Thu Dec 3, next send day Jan 3 (fixed day 3). */
const monthly: CampaignForState = {
  status: "DORMANT",
  enabled: true,
  unsubscribedAt: null,
  cycle: 4,
  createdAt: est("2026-08-30T15:20:00"),
  nextSendDate: est("2027-01-03T11:00:00"),
  lastSentEmailDatetime: est("2026-12-03T11:02:00"),
};

/** A client added at NIGHT: first cycle (nextSendDate = createdAt), never sent. */
const added: CampaignForState = {
  status: "DORMANT",
  enabled: true,
  unsubscribedAt: null,
  cycle: 0,
  createdAt: NIGHT,
  nextSendDate: NIGHT,
  lastSentEmailDatetime: null,
};

function email(overrides: Partial<EmailForState> = {}): EmailForState {
  return {
    cycle: 1,
    status: "READY",
    approvalStatus: "NOT_REQUIRED",
    scheduledSendDatetime: est("2026-12-06T11:00:00"),
    sentAt: null,
    rejectedAt: null,
    error: null,
    ...overrides,
  };
}

type Case = {
  name: string;
  campaign: CampaignForState;
  email?: EmailForState;
  settings?: SchedulingSettings;
  now: Date;
  expected: Partial<CampaignState>;
};

const inCycle = (status: CampaignForState["status"], cycle = 1): CampaignForState => ({
  ...added,
  createdAt: est("2026-12-04T00:28:00"),
  nextSendDate: est("2026-12-04T00:28:00"),
  status,
  cycle,
});

const cases: Case[] = [
  {
    name: "unsubscribed wins over everything, even mid-cycle with an email waiting",
    campaign: { ...inCycle("READY_TO_CREATE_EMAIL"), unsubscribedAt: est("2026-12-04T09:15:00") },
    email: email(),
    now: NIGHT,
    expected: {
      kind: "unsubscribed",
      label: "Unsubscribed",
      detail: "Unsubscribed on Dec 4. Dripr will not email them again.",
      nextEmailAt: null,
      nextEmail: "—",
    },
  },
  {
    name: "disabled: no next email",
    campaign: { ...monthly, enabled: false, nextSendDate: null },
    now: NIGHT,
    expected: { kind: "disabled", label: "Disabled", nextEmailAt: null, nextEmail: "—" },
  },
  {
    name: "just added at 12:51 AM: the first email goes at creation + 24 h moved into the window, not at 12:51 AM",
    campaign: added,
    now: NIGHT,
    expected: {
      kind: "scheduled",
      label: "Scheduled",
      nextEmailAt: est("2026-12-06T11:00:00"),
      nextEmail: "Sun Dec 6, 11:00 AM",
    },
  },
  {
    name: "gathering data for the first email",
    campaign: inCycle("WAITING_FOR_DATA"),
    now: NIGHT,
    expected: { kind: "gathering", label: "Gathering data", nextEmail: "Sat Dec 5, 11:00 AM" },
  },
  {
    name: "writing the home report",
    campaign: inCycle("WAITING_FOR_HOME_ANALYSIS"),
    now: NIGHT,
    expected: { kind: "writing", label: "Writing", nextEmail: "Sat Dec 5, 11:00 AM" },
  },
  {
    name: "the email is being created (none for this cycle yet)",
    campaign: inCycle("READY_TO_CREATE_EMAIL"),
    now: NIGHT,
    expected: { kind: "writing", label: "Writing" },
  },
  {
    name: "a ready email scheduled at 1:31 AM waits for the window: goes out at 11:00",
    campaign: inCycle("READY_TO_CREATE_EMAIL"),
    email: email({ scheduledSendDatetime: est("2026-12-05T01:31:00") }),
    now: est("2026-12-05T01:45:00"),
    expected: {
      kind: "ready",
      label: "Ready — goes out Sat Dec 5, 11:00 AM",
      nextEmailAt: est("2026-12-05T11:00:00"),
      nextEmail: "Sat Dec 5, 11:00 AM",
    },
  },
  {
    name: "the same email with the window off goes now",
    campaign: inCycle("READY_TO_CREATE_EMAIL"),
    email: email({ scheduledSendDatetime: est("2026-12-05T01:31:00") }),
    settings: WINDOW_OFF,
    now: est("2026-12-05T01:45:00"),
    expected: { kind: "sending", label: "Sending", nextEmail: "Now" },
  },
  {
    name: "an approved email for Tuesday",
    campaign: inCycle("READY_TO_CREATE_EMAIL"),
    email: email({ approvalStatus: "APPROVED", scheduledSendDatetime: est("2026-12-08T11:00:00") }),
    now: NOON,
    expected: {
      kind: "ready",
      label: "Ready — goes out Tue Dec 8, 11:00 AM",
      detail: "Written and approved; it goes out Tue Dec 8, 11:00 AM.",
      nextEmailAt: est("2026-12-08T11:00:00"),
    },
  },
  {
    name: "waiting for approval: when it goes if approved",
    campaign: inCycle("READY_TO_CREATE_EMAIL"),
    email: email({ approvalStatus: "PENDING", scheduledSendDatetime: est("2026-12-08T11:00:00") }),
    now: NOON,
    expected: {
      kind: "awaiting-approval",
      label: "Waiting for your approval",
      nextEmailAt: est("2026-12-08T11:00:00"),
      nextEmail: "Tue Dec 8, 11:00 AM, once you approve it",
    },
  },
  {
    name: "waiting for approval past its time, inside the window: goes as soon as approved",
    campaign: inCycle("READY_TO_CREATE_EMAIL"),
    email: email({ approvalStatus: "PENDING", scheduledSendDatetime: est("2026-12-05T11:00:00") }),
    now: NOON,
    expected: { kind: "awaiting-approval", nextEmailAt: NOON, nextEmail: "As soon as you approve it" },
  },
  {
    name: "waiting for approval past its time, after the window closed: the next opening",
    campaign: inCycle("READY_TO_CREATE_EMAIL"),
    email: email({ approvalStatus: "PENDING", scheduledSendDatetime: est("2026-12-05T11:00:00") }),
    now: est("2026-12-05T19:00:00"),
    expected: { nextEmail: "Sun Dec 6, 11:00 AM, once you approve it" },
  },
  {
    name: "promoted and claimed by the sender",
    campaign: inCycle("READY_TO_SEND_EMAIL"),
    email: email({ status: "SENDING", scheduledSendDatetime: est("2026-12-05T11:00:00") }),
    now: NOON,
    expected: { kind: "sending", label: "Sending" },
  },
  {
    name: "sent on Dec 3: the next email on the send day next month (another year)",
    campaign: monthly,
    email: email({ cycle: 4, status: "COMPLETE", sentAt: monthly.lastSentEmailDatetime }),
    now: NIGHT,
    expected: {
      kind: "sent",
      label: "Sent Dec 3",
      nextEmailAt: est("2027-01-03T11:00:00"),
      nextEmail: "Sun Jan 3, 2027, 11:00 AM",
    },
  },
  {
    name: "a new cycle ignores the previous cycle's sent email",
    campaign: { ...monthly, status: "WAITING_FOR_DATA", cycle: 5, nextSendDate: est("2026-12-07T11:00:00") },
    email: email({ cycle: 4, status: "COMPLETE", sentAt: monthly.lastSentEmailDatetime }),
    now: NIGHT,
    expected: { kind: "gathering", nextEmail: "Mon Dec 7, 11:00 AM" },
  },
  {
    name: "the send failed: says so with the reason, and when the next one goes",
    campaign: { ...monthly, lastSentEmailDatetime: est("2026-11-03T11:01:00") },
    email: email({ cycle: 4, status: "FAILED", error: "The address does not accept mail." }),
    now: NIGHT,
    expected: {
      kind: "failed",
      label: "Not sent",
      detail:
        "This month's email could not be sent: The address does not accept mail. The next one goes out Sun Jan 3, 2027, 11:00 AM.",
    },
  },
  {
    name: "the first email skipped: the next waits for the send day, not creation + delay",
    campaign: {
      ...added,
      createdAt: est("2026-12-01T10:00:00"),
      cycle: 1,
      nextSendDate: est("2026-12-21T11:00:00"),
      skippedBeforeFirstSend: true,
    },
    email: email({ approvalStatus: "REJECTED", rejectedAt: est("2026-12-04T16:00:00") }),
    now: NIGHT,
    expected: { kind: "skipped", label: "Skipped Dec 4", nextEmail: "Mon Dec 21, 11:00 AM" },
  },
  {
    name: "this cycle's first email just skipped (no flag needed): the send day the skip set, not its cycle start",
    campaign: {
      ...added,
      createdAt: est("2026-11-02T10:00:00"),
      cycle: 1,
      nextSendDate: est("2027-01-20T11:00:00"),
    },
    email: email({ approvalStatus: "REJECTED", rejectedAt: est("2026-12-05T00:40:00") }),
    now: NIGHT,
    expected: {
      kind: "skipped",
      label: "Skipped Dec 5",
      nextEmailAt: est("2027-01-20T11:00:00"),
      nextEmail: "Wed Jan 20, 2027, 11:00 AM",
    },
  },
  {
    name: "dormant, its cycle due now and the first email's time past: as soon as it is ready",
    campaign: { ...added, createdAt: est("2026-11-20T10:00:00"), nextSendDate: est("2026-12-06T12:00:00") },
    now: NOON,
    expected: { kind: "scheduled", nextEmailAt: NOON, nextEmail: "As soon as it is ready" },
  },
  {
    name: "dormant before its cycle starts: never before the send date",
    campaign: { ...monthly, nextSendDate: est("2026-12-21T11:00:00") },
    now: NOON,
    expected: { kind: "sent", nextEmailAt: est("2026-12-21T11:00:00"), nextEmail: "Mon Dec 21, 11:00 AM" },
  },
];

describe("describeCampaignState", () => {
  it.each(cases)("$name", ({ campaign, email: latest, settings, now, expected }) => {
    expect(describeCampaignState(campaign, latest ?? null, settings ?? NY, now)).toMatchObject(expected);
  });

  it("the next email is never in the past, and is inside the window when the window is on", () => {
    for (const c of cases) {
      const state = describeCampaignState(c.campaign, c.email ?? null, c.settings ?? NY, c.now);
      if (!state.nextEmailAt) continue;
      expect(state.nextEmailAt.getTime(), c.name).toBeGreaterThanOrEqual(c.now.getTime());
      if ((c.settings ?? NY).sendingWindowEnabled) {
        const hour = Number(
          new Intl.DateTimeFormat("en-US", {
            timeZone: "America/New_York",
            hour: "numeric",
            hourCycle: "h23",
          }).format(state.nextEmailAt),
        );
        expect(hour, c.name).toBeGreaterThanOrEqual(11);
        expect(hour, c.name).toBeLessThan(18);
      }
    }
  });
});
