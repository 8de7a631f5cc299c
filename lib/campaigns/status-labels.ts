import type { CampaignStatus } from "@/lib/generated/prisma/enums";

/** Where a campaign stands as the agent sees it (describe-campaign-state.ts decides which). */
export type CampaignStateKind =
  | "unsubscribed"
  | "disabled"
  | "scheduled"
  | "gathering"
  | "writing"
  | "awaiting-approval"
  | "ready"
  | "sending"
  | "sent"
  | "skipped"
  | "failed";

/**
 * Each state in the agent's words. Some get a date added where they are shown: "Ready — goes out
 * Tue Dec 8, 11:00 AM", "Sent Dec 3", "Skipped Dec 4".
 */
export const CAMPAIGN_STATE_LABELS: Record<CampaignStateKind, string> = {
  unsubscribed: "Unsubscribed",
  disabled: "Disabled",
  scheduled: "Scheduled",
  gathering: "Gathering data",
  writing: "Writing",
  "awaiting-approval": "Waiting for your approval",
  ready: "Ready",
  sending: "Sending",
  sent: "Sent",
  skipped: "Skipped",
  failed: "Not sent",
};

/**
 * How each pipeline status reads (filter tabs, timeline), in the order a cycle goes through them.
 * A campaign's own badge says more: describe-campaign-state.ts.
 */
export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, { label: string; description: string }> = {
  DORMANT: { label: CAMPAIGN_STATE_LABELS.scheduled, description: "Waiting for the next email's cycle" },
  WAITING_FOR_DATA: {
    label: CAMPAIGN_STATE_LABELS.gathering,
    description: "Fetching market data, listings and the valuation",
  },
  WAITING_FOR_HOME_ANALYSIS: {
    label: CAMPAIGN_STATE_LABELS.writing,
    description: "Writing the personal intro and the home report",
  },
  READY_TO_CREATE_EMAIL: {
    label: "Email ready",
    description: "Written; waiting for your approval or for its send time",
  },
  READY_TO_SEND_EMAIL: { label: CAMPAIGN_STATE_LABELS.sending, description: "Email going out now" },
};

export const CAMPAIGN_STATUS_ORDER: CampaignStatus[] = [
  "DORMANT",
  "WAITING_FOR_DATA",
  "WAITING_FOR_HOME_ANALYSIS",
  "READY_TO_CREATE_EMAIL",
  "READY_TO_SEND_EMAIL",
];
