import { WORKING_STATUSES } from "@/lib/campaigns/campaign-transitions";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * For the engineer on call: campaigns that have sat in a working status for over an hour although
 * the poller re-published their events. Waiting for approval or a send time is not stuck.
 */
export async function reportStuckCycles(db: PrismaClient, now: Date, olderThanMs = 3_600_000) {
  const stuck = await db.campaign.findMany({
    where: {
      status: { in: [...WORKING_STATUSES] },
      enabled: true,
      statusChangedAt: { lt: new Date(now.getTime() - olderThanMs) },
      NOT: { status: "READY_TO_CREATE_EMAIL", emailCreationStatus: "READY" },
    },
    select: { id: true, userId: true, status: true, cycle: true, statusChangedAt: true, lastNudgedAt: true },
    orderBy: { statusChangedAt: "asc" },
    take: 50,
  });
  return stuck;
}
