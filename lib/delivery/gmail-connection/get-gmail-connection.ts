import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * What Settings shows about the agent's own Gmail connection (never the token), with how many emails
 * went through Postmark since the grant stopped working.
 */
export async function getGmailConnection(
  db: Pick<PrismaClient, "gmailConnection" | "email">,
  userId: string,
) {
  const connection = await db.gmailConnection.findUnique({
    where: { userId },
    select: {
      googleEmail: true,
      status: true,
      lastError: true,
      connectedAt: true,
      revokedAt: true,
      scope: true,
    },
  });
  if (!connection) return null;
  const fallbackSends =
    connection.status === "CONNECTED"
      ? 0
      : await db.email.count({
          where: {
            userId,
            status: "COMPLETE",
            provider: { not: "GMAIL" },
            ...(connection.revokedAt ? { sentAt: { gte: connection.revokedAt } } : {}),
          },
        });
  return { ...connection, fallbackSends };
}
