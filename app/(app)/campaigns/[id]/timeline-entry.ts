import { CAMPAIGN_STATUS_LABELS } from "@/lib/campaigns/status-labels";
import type { CampaignStatus } from "@/lib/generated/prisma/enums";

type Entry = {
  event: string;
  cycle: number;
  fromStatus: CampaignStatus | null;
  toStatus: CampaignStatus | null;
};

const EVENT_LABELS: Record<string, string> = {
  CREATED: "Campaign created",
  UPDATED: "Details edited",
  ENABLED: "Enabled",
  DISABLED: "Disabled",
  STATUS_CHANGED: "Status changed",
  EMAIL_CREATED: "Email written",
  EMAIL_SENT: "Email sent",
  EMAIL_FAILED: "Email not sent",
  APPROVED: "Approved by you",
  RETRIED: "Work requested again",
  CYCLE_FAILED: "Cycle failed",
  CYCLE_ABANDONED: "Cycle stopped",
  CYCLE_SKIPPED: "Skipped by you",
  EMAIL_EDITED: "Email edited",
  UNSUBSCRIBED: "Homeowner unsubscribed",
  PAUSED_FOR_BILLING: "Not sent: billing",
};

/**
 * The headline of a timeline entry. Every move to another status shows where it went (a stopped,
 * failed or sent cycle returns to Scheduled), and the start of a cycle says which one: a campaign
 * whose cycle was stopped and started again (disabled and enabled, say) shows two starts that read
 * as two cycles, not the same "Status changed → Gathering data" twice.
 */
export function describeTimelineEntry(entry: Entry): string {
  const startsCycle = entry.event === "STATUS_CHANGED" && entry.fromStatus === "DORMANT";
  const label = startsCycle
    ? `Cycle ${entry.cycle} started`
    : (EVENT_LABELS[entry.event] ?? entry.event.toLowerCase().replaceAll("_", " "));
  const moved = entry.toStatus !== null && entry.fromStatus !== null && entry.toStatus !== entry.fromStatus;
  return moved && entry.toStatus ? `${label} → ${CAMPAIGN_STATUS_LABELS[entry.toStatus].label}` : label;
}

export function describeActor(actor: string, agentId: string): string {
  if (actor === `AGENT:${agentId}`) return "you";
  if (actor === "POLLER" || actor.startsWith("WORKER")) return "Dripr";
  if (actor === "SYSTEM") return "system";
  if (actor === "HOMEOWNER") return "the homeowner";
  return actor.toLowerCase();
}
