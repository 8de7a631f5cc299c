import "server-only";
import {
  type CampaignForState,
  type CampaignState,
  describeCampaignState,
} from "@/lib/campaigns/describe-campaign-state";
import { schedulingSettingsFor } from "@/lib/campaigns/scheduling-settings";
import { getDb } from "@/lib/db";
import { getConfig } from "@/lib/env";

/** The email columns describeCampaignState reads. */
export const emailForStateSelect = {
  cycle: true,
  status: true,
  approvalStatus: true,
  scheduledSendDatetime: true,
  sentAt: true,
  rejectedAt: true,
  error: true,
} as const;

/**
 * The agent's `campaigns`, each with its state at `now` (describe-campaign-state.ts): at most two
 * queries whatever their number, both scoped to the agent, so a campaign of another agent would get
 * the state of a campaign without emails, never another agent's data.
 */
export async function describeCampaigns<C extends CampaignForState & { id: string }>(
  agent: { id: string; timeZone: string; sendingWindowEnabled: boolean },
  campaigns: C[],
  now: Date,
  pipeline: Parameters<typeof schedulingSettingsFor>[1] = getConfig().pipeline,
): Promise<Array<C & { state: CampaignState }>> {
  if (campaigns.length === 0) return [];
  const db = getDb();
  const neverSent = campaigns.filter((c) => c.lastSentEmailDatetime === null && c.cycle > 1).map((c) => c.id);
  const [emails, skipped] = await Promise.all([
    // Each campaign's email of its current cycle, by the unique (campaignId, cycle).
    db.email.findMany({
      where: { userId: agent.id, OR: campaigns.map((c) => ({ campaignId: c.id, cycle: c.cycle })) },
      select: { campaignId: true, ...emailForStateSelect },
    }),
    neverSent.length === 0
      ? []
      : db.email.groupBy({
          by: ["campaignId"],
          where: { userId: agent.id, campaignId: { in: neverSent }, approvalStatus: "REJECTED" },
        }),
  ]);
  const emailOf = new Map(emails.map((e) => [e.campaignId, e]));
  const skippedIds = new Set(skipped.map((s) => s.campaignId));
  const settings = schedulingSettingsFor(agent, pipeline);
  return campaigns.map((campaign) => ({
    ...campaign,
    state: describeCampaignState(
      { ...campaign, skippedBeforeFirstSend: skippedIds.has(campaign.id) },
      emailOf.get(campaign.id) ?? null,
      settings,
      now,
    ),
  }));
}
