import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { CampaignStatus, type Prisma } from "@/lib/generated/prisma/client";

export const campaignListFilter = z.object({
  status: z.enum(CampaignStatus).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  disabled: z
    .enum(["1"])
    .optional()
    .catch(undefined)
    .transform((v) => v === "1"),
  unsubscribed: z
    .enum(["1"])
    .optional()
    .catch(undefined)
    .transform((v) => v === "1"),
});

export type CampaignListFilter = z.infer<typeof campaignListFilter>;

export const CAMPAIGN_PAGE_SIZE = 100;

/**
 * One agent's campaigns, newest added first, with the counts for the filter tabs. A status tab holds the
 * campaigns that status describes: enabled and still subscribed. Unsubscribed clients have a tab of
 * their own (and are in no other but All); disabled ones are in Disabled.
 */
export async function listCampaigns(userId: string, filter: CampaignListFilter) {
  const db = getDb();
  const where: Prisma.CampaignWhereInput = { userId };
  const live = { enabled: true, unsubscribedAt: null };
  if (filter.status) Object.assign(where, live, { status: filter.status });
  if (filter.disabled) Object.assign(where, { enabled: false, unsubscribedAt: null });
  if (filter.unsubscribed) where.unsubscribedAt = { not: null };
  if (filter.q) {
    const contains = { contains: filter.q, mode: "insensitive" as const };
    where.OR = [
      { clientFirstName: contains },
      { clientLastName: contains },
      { clientEmail: contains },
      { propertyAddressLine1: contains },
      { propertyCity: contains },
      { zipCode: { startsWith: filter.q } },
    ];
  }
  const [campaigns, total, all, byStatus, disabled, unsubscribed] = await Promise.all([
    db.campaign.findMany({ where, orderBy: { createdAt: "desc" }, take: CAMPAIGN_PAGE_SIZE }),
    db.campaign.count({ where }),
    db.campaign.count({ where: { userId } }),
    db.campaign.groupBy({ by: ["status"], where: { userId, ...live }, _count: { _all: true } }),
    db.campaign.count({ where: { userId, enabled: false, unsubscribedAt: null } }),
    db.campaign.count({ where: { userId, unsubscribedAt: { not: null } } }),
  ]);
  const counts = Object.fromEntries(byStatus.map((row) => [row.status, row._count._all])) as Partial<
    Record<CampaignStatus, number>
  >;
  return { campaigns, total, all, counts, disabled, unsubscribed };
}
