import { revokeGoogleToken } from "@/lib/clients/google/google-oauth";
import { decryptToken } from "@/lib/delivery/token-cipher";
import type { AppConfig } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Logger } from "@/lib/logger";

/**
 * The agent disconnects Gmail: the grant is deleted here first (so nothing sends with it again), then
 * revoked at Google, best effort (already revoked, or Google unreachable, changes nothing for us).
 */
export async function disconnectGmail(
  deps: { db: Pick<PrismaClient, "gmailConnection">; config: AppConfig; log: Logger },
  userId: string,
): Promise<boolean> {
  const { db, config, log } = deps;
  const connection = await db.gmailConnection.findUnique({ where: { userId } });
  if (!connection) return false;
  await db.gmailConnection.deleteMany({ where: { userId, id: connection.id } });
  if (config.integrations.gmail === "google") {
    try {
      await revokeGoogleToken(
        config.delivery.google,
        decryptToken(connection.encryptedRefreshToken, config.tokenEncryptionKey, userId),
      );
    } catch (err) {
      // Only the message: Google client errors carry the request, with the token in it.
      const error = err instanceof Error ? err.message : String(err);
      log.warn({ userId, error }, "Gmail disconnected here; revoking the grant at Google failed");
    }
  }
  return true;
}
