import "server-only";
import { getDb } from "@/lib/db";

/** The campaign's current cycle as the agent sees it: its data artifacts and its email. */
export async function getCurrentCycle(userId: string, campaignId: string, cycle: number) {
  const db = getDb();
  const [artifacts, email] = await Promise.all([
    db.campaignArtifact.findMany({
      where: { campaignId, cycle, campaign: { userId } },
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        kind: true,
        status: true,
        attempts: true,
        source: true,
        error: true,
        completedAt: true,
      },
    }),
    db.email.findFirst({
      where: { campaignId, userId },
      orderBy: { cycle: "desc" },
      select: {
        id: true,
        cycle: true,
        subject: true,
        introText: true,
        status: true,
        approvalStatus: true,
        scheduledSendDatetime: true,
        sentAt: true,
        error: true,
        toEmail: true,
        provider: true,
        fallbackReason: true,
      },
    }),
  ]);
  return { artifacts, email };
}
