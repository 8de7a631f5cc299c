import type { CampaignStatus } from "@/lib/generated/prisma/enums";

/** How each status reads to an agent, in the order a cycle goes through them. */
export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, { label: string; description: string }> = {
  DORMANT: { label: "Scheduled", description: "Waiting for its next send date" },
  WAITING_FOR_DATA: {
    label: "Gathering data",
    description: "Fetching market data, listings and the valuation",
  },
  WAITING_FOR_HOME_ANALYSIS: { label: "Writing report", description: "Writing the home report" },
  READY_TO_CREATE_EMAIL: {
    label: "Preparing email",
    description: "Email being created or waiting for approval",
  },
  READY_TO_SEND_EMAIL: { label: "Sending", description: "Email going out now" },
};

export const CAMPAIGN_STATUS_ORDER: CampaignStatus[] = [
  "DORMANT",
  "WAITING_FOR_DATA",
  "WAITING_FOR_HOME_ANALYSIS",
  "READY_TO_CREATE_EMAIL",
  "READY_TO_SEND_EMAIL",
];
