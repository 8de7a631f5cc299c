import { type CampaignStateKind, CAMPAIGN_STATE_LABELS as LABELS } from "@/lib/campaigns/status-labels";
import { formatDay, formatSendTime } from "@/lib/format";
import type { ApprovalStatus, CampaignStatus, EmailStatus } from "@/lib/generated/prisma/enums";
import { cycleStartAt } from "@/lib/scheduling/cycle-start-due";
import { latest } from "@/lib/scheduling/local-time";
import { maySendNow } from "@/lib/scheduling/may-send-now";
import { scheduledSendDatetime } from "@/lib/scheduling/scheduled-send-datetime";
import type { SchedulingSettings } from "@/lib/scheduling/types";

/** The campaign columns its state depends on. */
export type CampaignForState = {
  status: CampaignStatus;
  enabled: boolean;
  unsubscribedAt: Date | null;
  cycle: number;
  createdAt: Date;
  nextSendDate: Date | null;
  lastSentEmailDatetime: Date | null;
  /**
   * An email of an earlier cycle was skipped before any was sent: the next one waits for the send day
   * (scheduling rules). A skip of the current cycle's email is seen on the email itself.
   */
  skippedBeforeFirstSend?: boolean;
};

/** The campaign's latest email (highest cycle), if any. */
export type EmailForState = {
  cycle: number;
  status: EmailStatus;
  approvalStatus: ApprovalStatus;
  scheduledSendDatetime: Date;
  sentAt: Date | null;
  rejectedAt: Date | null;
  error: string | null;
};

export type CampaignState = {
  kind: CampaignStateKind;
  /** The status in the agent's words: "Waiting for your approval", "Ready — goes out Tue Dec 8, 11:00 AM". */
  label: string;
  /** One sentence on where the campaign stands and what happens next. */
  detail: string;
  /**
   * When the next email actually goes out: the scheduling rules the poller and the sender apply
   * (first-time delay, send day, sending window), and never before `now`. Null when none will.
   * While the email waits for approval: when it goes out if the agent approves it now.
   */
  nextEmailAt: Date | null;
  /** `nextEmailAt` in words: "Tue Dec 8, 11:00 AM", "As soon as you approve it", "—". */
  nextEmail: string;
};

/**
 * What the agent is told about a campaign, everywhere (list, campaign page, dashboard): one status
 * and one "next email" time, both from the campaign, its latest email and the agent's scheduling
 * settings at `now`. The time comes from the same rules that move the email (maySendNow, which the
 * poller and the sender apply), so the page cannot promise a time the sender will not keep.
 */
export function describeCampaignState(
  campaign: CampaignForState,
  latestEmail: EmailForState | null,
  settings: SchedulingSettings,
  now: Date,
): CampaignState {
  const tz = settings.timeZone;
  if (campaign.unsubscribedAt) {
    return none(
      "unsubscribed",
      LABELS.unsubscribed,
      `Unsubscribed on ${formatDay(campaign.unsubscribedAt, tz, now)}. Dripr will not email them again.`,
    );
  }
  if (!campaign.enabled) {
    return none("disabled", LABELS.disabled, "No email is prepared or sent until you enable it again.");
  }
  // The email of the cycle under way (or, when dormant, of the cycle that just ended).
  const email = latestEmail?.cycle === campaign.cycle ? latestEmail : null;
  const sendable = (scheduled: Date) => sendableAt(campaign, scheduled, settings, now);
  // A skip of this cycle's email counts as much as one of an earlier cycle.
  const skipped = campaign.skippedBeforeFirstSend || email?.approvalStatus === "REJECTED";
  const upcoming = () =>
    sendable(plannedSendTime({ ...campaign, skippedBeforeFirstSend: skipped }, settings));

  switch (campaign.status) {
    case "DORMANT":
      return dormant(campaign, email, upcoming(), tz, now);
    case "WAITING_FOR_DATA":
      return soon(
        "gathering",
        LABELS.gathering,
        "Fetching market data, listings and the valuation.",
        upcoming(),
      );
    case "WAITING_FOR_HOME_ANALYSIS":
      return soon("writing", LABELS.writing, "Writing the personal intro and the home report.", upcoming());
    case "READY_TO_CREATE_EMAIL":
    case "READY_TO_SEND_EMAIL":
      if (email?.status === "SENDING") return sending(now);
      if (email?.status === "COMPLETE" && email.sentAt) return sent(email.sentAt, null, tz, now);
      if (email?.status !== "READY" || email.approvalStatus === "REJECTED") {
        return soon("writing", LABELS.writing, "Putting this month's email together.", upcoming());
      }
      return written(email, sendable(email.scheduledSendDatetime), tz, now);
  }

  function soon(kind: CampaignStateKind, label: string, detail: string, at: Sendable): CampaignState {
    const when = at.now ? "As soon as it is ready" : formatSendTime(at.time, tz, now);
    return { kind, label, detail, nextEmailAt: at.time, nextEmail: when };
  }
}

/** When an email may go out: `time`, which is `now` itself when `now` is true. */
export type Sendable = { time: Date; now: boolean };

/**
 * When a written (READY) email goes out once approved, if it is approved at `now` or already was:
 * the sending rules' answer (first-time delay, its scheduled time, the agent's sending window), so
 * the approve page says what the campaign page says, even after the scheduled time has passed.
 */
export function approvedEmailSendTime(
  email: { scheduledSendDatetime: Date; campaignCreatedAt: Date },
  settings: SchedulingSettings,
  now: Date,
): Sendable {
  return sendableAt({ createdAt: email.campaignCreatedAt }, email.scheduledSendDatetime, settings, now);
}

/** An email waiting for approval, its next-email time in words: "Tue Dec 8, 11:00 AM, once you approve it". */
export function goesOutOnceApproved(at: Sendable, timeZone: string, now: Date): string {
  return at.now
    ? "As soon as you approve it"
    : `${formatSendTime(at.time, timeZone, now)}, once you approve it`;
}

function none(kind: CampaignStateKind, label: string, detail: string): CampaignState {
  return { kind, label, detail, nextEmailAt: null, nextEmail: "—" };
}

function sending(now: Date): CampaignState {
  return {
    kind: "sending",
    label: LABELS.sending,
    detail: "Going out now.",
    nextEmailAt: now,
    nextEmail: "Now",
  };
}

function sent(sentAt: Date, next: Sendable | null, tz: string, now: Date): CampaignState {
  const day = formatDay(sentAt, tz, now);
  const label = `${LABELS.sent} ${day}`;
  if (!next) return { kind: "sent", label, detail: `Sent ${day}.`, nextEmailAt: null, nextEmail: "—" };
  const nextEmail = next.now ? "As soon as it is ready" : formatSendTime(next.time, tz, now);
  const then = next.now ? "the next one is being prepared" : `the next one goes out ${nextEmail}`;
  return {
    kind: "sent",
    label,
    detail: `Last email sent ${day}; ${then}.`,
    nextEmailAt: next.time,
    nextEmail,
  };
}

/** A written email of the current cycle, still READY: waiting for the agent, or for its time. */
function written(email: EmailForState, at: Sendable, tz: string, now: Date): CampaignState {
  const time = formatSendTime(at.time, tz, now);
  if (email.approvalStatus === "PENDING") {
    return {
      kind: "awaiting-approval",
      label: LABELS["awaiting-approval"],
      detail: at.now
        ? "Goes out as soon as you approve it."
        : `Goes out ${time} if you approve it by then; it is not sent without your approval.`,
      nextEmailAt: at.time,
      nextEmail: goesOutOnceApproved(at, tz, now),
    };
  }
  if (at.now) return sending(now);
  return {
    kind: "ready",
    label: `${LABELS.ready} — goes out ${time}`,
    detail: `Written${email.approvalStatus === "APPROVED" ? " and approved" : ""}; it goes out ${time}.`,
    nextEmailAt: at.time,
    nextEmail: time,
  };
}

function dormant(
  campaign: CampaignForState,
  email: EmailForState | null,
  next: Sendable,
  tz: string,
  now: Date,
): CampaignState {
  const when = formatSendTime(next.time, tz, now);
  const nextEmail = next.now ? "As soon as it is ready" : when;
  const followedBy = next.now ? "The next one is being prepared." : `The next one goes out ${when}.`;
  if (email?.status === "FAILED") {
    return {
      kind: "failed",
      label: LABELS.failed,
      detail: `This month's email could not be sent${email.error ? `: ${email.error}` : "."} ${followedBy}`,
      nextEmailAt: next.time,
      nextEmail,
    };
  }
  if (email?.approvalStatus === "REJECTED") {
    const day = email.rejectedAt ? ` ${formatDay(email.rejectedAt, tz, now)}` : "";
    return {
      kind: "skipped",
      label: `${LABELS.skipped}${day}`,
      detail: `You skipped this month's email. ${followedBy}`,
      nextEmailAt: next.time,
      nextEmail,
    };
  }
  if (campaign.lastSentEmailDatetime) return sent(campaign.lastSentEmailDatetime, next, tz, now);
  return {
    kind: "scheduled",
    label: LABELS.scheduled,
    detail: next.now ? "The first email is being prepared." : `The first email goes out ${when}.`,
    nextEmailAt: next.time,
    nextEmail,
  };
}

/**
 * The send time the email-creation consumer will give the cycle's email (scheduledSendDatetime), for
 * a cycle that has no email yet. A dormant campaign's cycle has not started: its email cannot exist
 * before the cycle start.
 */
function plannedSendTime(campaign: CampaignForState, settings: SchedulingSettings): Date {
  const nextSendDate = campaign.nextSendDate ?? campaign.createdAt;
  const scheduled = scheduledSendDatetime(
    {
      lastSentAt: campaign.lastSentEmailDatetime,
      campaignCreatedAt: campaign.createdAt,
      nextSendDate,
      skippedBeforeFirstSend: campaign.skippedBeforeFirstSend,
    },
    settings,
  );
  return campaign.status === "DORMANT" ? latest(scheduled, cycleStartAt(nextSendDate, settings)) : scheduled;
}

/**
 * When an approved email with this scheduled time goes out: now, when the sending rules allow it,
 * otherwise the earliest instant they do (first-time delay passed, scheduled time reached, inside
 * the sending window).
 */
function sendableAt(
  campaign: Pick<CampaignForState, "createdAt">,
  scheduled: Date,
  settings: SchedulingSettings,
  now: Date,
): Sendable {
  const verdict = maySendNow(
    { now, scheduledSendDatetime: scheduled, campaignCreatedAt: campaign.createdAt, approved: true },
    settings,
  );
  if (verdict.ok) return { time: now, now: true };
  // Never NOT_APPROVED (asked as approved), which is the one verdict without a time.
  return { time: "notBefore" in verdict ? verdict.notBefore : now, now: !("notBefore" in verdict) };
}
