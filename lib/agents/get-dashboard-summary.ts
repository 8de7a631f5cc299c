import "server-only";
import { getDb } from "@/lib/db";

/** The figures on an agent's dashboard. */
export async function getDashboardSummary(userId: string) {
  const db = getDb();
  const [byStatus, disabled, upcoming, recent] = await Promise.all([
    db.campaign.groupBy({ by: ["status"], where: { userId, enabled: true }, _count: { _all: true } }),
    db.campaign.count({ where: { userId, enabled: false } }),
    db.campaign.findMany({
      where: { userId, enabled: true, status: "DORMANT", nextSendDate: { not: null } },
      orderBy: { nextSendDate: "asc" },
      take: 5,
    }),
    db.campaignHistory.findMany({
      where: { campaign: { userId } },
      orderBy: { at: "desc" },
      take: 8,
      include: { campaign: { select: { id: true, clientFirstName: true, clientLastName: true } } },
    }),
  ]);
  const active = byStatus.reduce((sum, row) => sum + row._count._all, 0);
  const inProgress = byStatus
    .filter((r) => r.status !== "DORMANT")
    .reduce((sum, r) => sum + r._count._all, 0);
  return { active, inProgress, disabled, upcoming, recent };
}
