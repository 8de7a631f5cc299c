import type { CampaignStatus } from "@/lib/generated/prisma/enums";

/** The forward edges of the campaign state machine (DESIGN.md §4). */
export const FORWARD: Readonly<Record<CampaignStatus, CampaignStatus>> = {
  DORMANT: "WAITING_FOR_DATA",
  WAITING_FOR_DATA: "WAITING_FOR_HOME_ANALYSIS",
  WAITING_FOR_HOME_ANALYSIS: "READY_TO_CREATE_EMAIL",
  READY_TO_CREATE_EMAIL: "READY_TO_SEND_EMAIL",
  READY_TO_SEND_EMAIL: "DORMANT",
};

/** Data gathered on entering WAITING_FOR_DATA; the home report follows on WAITING_FOR_HOME_ANALYSIS. */
export const DATA_ARTIFACT_KINDS = [
  "LOCAL_MARKET",
  "ACTIVE_LISTINGS",
  "RECENT_SALES",
  "PROPERTY_VALUATION",
  "INTRO",
] as const;

/** Without these the email cannot be written; the others have a fallback (section left out, built-in text). */
export const REQUIRED_ARTIFACT_KINDS = ["LOCAL_MARKET", "PROPERTY_VALUATION"] as const;

/**
 * Forward transitions plus abandoning a cycle (any non-dormant status → DORMANT: campaign disabled,
 * unsubscribed, or required data failed). Everything else is refused.
 */
export function isLegalTransition(from: CampaignStatus, to: CampaignStatus): boolean {
  return FORWARD[from] === to || (from !== "DORMANT" && to === "DORMANT");
}

/** The dedupe key of a status event: one fact per campaign, cycle and status entered. */
export function statusEventKey(campaignId: string, cycle: number, toStatus: CampaignStatus): string {
  return `campaign:${campaignId}:cycle:${cycle}:${toStatus}`;
}

/** The working statuses, listed (not `not: DORMANT`) so queries use the status indexes. */
export const WORKING_STATUSES = [
  "WAITING_FOR_DATA",
  "WAITING_FOR_HOME_ANALYSIS",
  "READY_TO_CREATE_EMAIL",
  "READY_TO_SEND_EMAIL",
] as const satisfies readonly CampaignStatus[];
