import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Google no longer honours the agent's grant (they revoked Dripr, changed their password, or the
 * grant expired). The connection is kept, marked REVOKED with the reason, so Settings can say what
 * happened and offer to reconnect; mail goes through Postmark meanwhile.
 */
export async function markGmailRevoked(
  db: Pick<PrismaClient, "gmailConnection">,
  userId: string,
  reason: string,
  now: Date,
): Promise<boolean> {
  const { count } = await db.gmailConnection.updateMany({
    where: { userId, status: "CONNECTED" },
    data: { status: "REVOKED", revokedAt: now, lastError: reason.slice(0, 500) },
  });
  return count > 0;
}
