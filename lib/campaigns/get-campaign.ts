import "server-only";
import { getDb } from "@/lib/db";

/** One campaign of the agent with its latest history, or null when it is not theirs or absent. */
export async function getCampaign(userId: string, campaignId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(campaignId)) return null;
  return getDb().campaign.findFirst({
    where: { id: campaignId, userId },
    include: { history: { orderBy: { at: "desc" }, take: 50 } },
  });
}
