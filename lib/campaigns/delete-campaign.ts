import "server-only";
import { getDb } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";

/** Deletes a campaign with its history, data and emails. Suppressions stay (they belong to the agent). */
export async function deleteCampaign(userId: string, campaignId: string): Promise<void> {
  const { count } = await getDb().campaign.deleteMany({ where: { id: campaignId, userId } });
  if (count === 0) throw new NotFoundError("Campaign");
}
