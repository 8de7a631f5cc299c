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
});

export type CampaignListFilter = z.infer<typeof campaignListFilter>;

export const CAMPAIGN_PAGE_SIZE = 100;

/** One agent's campaigns, newest first, with the counts per status for the filter tabs. */
export async function listCampaigns(userId: string, filter: CampaignListFilter) {
  const db = getDb();
  const where: Prisma.CampaignWhereInput = { userId };
  if (filter.status) where.status = filter.status;
  if (filter.disabled) where.enabled = false;
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
  const [campaigns, total, byStatus] = await Promise.all([
    db.campaign.findMany({ where, orderBy: { createdAt: "desc" }, take: CAMPAIGN_PAGE_SIZE }),
    db.campaign.count({ where }),
    db.campaign.groupBy({ by: ["status"], where: { userId }, _count: { _all: true } }),
  ]);
  const counts = Object.fromEntries(byStatus.map((row) => [row.status, row._count._all])) as Partial<
    Record<CampaignStatus, number>
  >;
  return { campaigns, total, counts };
}
