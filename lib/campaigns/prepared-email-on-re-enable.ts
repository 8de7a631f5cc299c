import type { ApprovalStatus, CampaignStatus, EmailStatus } from "@/lib/generated/prisma/enums";

/** The `error` of an email canceled because its agent disabled the campaign (set-campaign-enabled.ts). */
export const CANCELED_BY_DISABLING = "Campaign disabled by the agent";

export type PreparedEmailFacts = {
  now: Date;
  campaign: { status: CampaignStatus; cycle: number; unsubscribedAt: Date | null };
  /** The email of the campaign's current cycle, if it has one. */
  email: {
    cycle: number;
    status: EmailStatus;
    error: string | null;
    approvalStatus: ApprovalStatus;
    scheduledSendDatetime: Date;
  } | null;
  /** The agent edited the campaign's details after this email was prepared. */
  editedSincePrepared: boolean;
  /** This cycle was already handed to the sender once (its send event was published). */
  promotedThisCycle: boolean;
  /** The address is suppressed for this agent (unsubscribed, bounced, complained). */
  suppressed: boolean;
};

/**
 * Whether re-enabling a campaign brings back the email prepared for this cycle, as it was (same
 * email, same approval state, no new approval request), and if not, why. Only an email that the
 * disabling itself canceled comes back, and only while nothing that went into it changed and its
 * send time is still ahead; otherwise the campaign prepares afresh from its next send date.
 */
export function whyNotRestorePreparedEmail(facts: PreparedEmailFacts): string | null {
  const { campaign, email } = facts;
  if (!email || email.cycle !== campaign.cycle) return "no email was prepared this cycle";
  if (email.status !== "CANCELED" || email.error !== CANCELED_BY_DISABLING)
    return "the email was not stopped by disabling the campaign";
  // Abandoned when it was disabled; a working status means something else has moved it since.
  if (campaign.status !== "DORMANT") return "the campaign moved on since it was disabled";
  if (email.approvalStatus === "REJECTED") return "the email was skipped";
  if (campaign.unsubscribedAt || facts.suppressed) return "the homeowner can no longer be emailed";
  if (facts.editedSincePrepared) return "the campaign's details changed since the email was prepared";
  if (facts.promotedThisCycle || email.scheduledSendDatetime.getTime() <= facts.now.getTime())
    return "its send time has passed";
  return null;
}
