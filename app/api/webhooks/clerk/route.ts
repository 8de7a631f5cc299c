import { handleClerkWebhook } from "@/lib/auth/clerk/handle-clerk-webhook";
import { getDb } from "@/lib/db";
import { disconnectGmail } from "@/lib/delivery/gmail-connection/disconnect-gmail";
import { getConfig } from "@/lib/env";
import { logger } from "@/lib/logger";

// Clerk's user webhooks (user.created/updated/deleted), signed by Svix; verified in lib/auth.
export async function POST(request: Request) {
  const config = getConfig();
  const db = getDb();
  const log = logger.child({ route: "clerk-webhook" });
  return handleClerkWebhook(request, {
    db,
    webhookSecret: config.auth.provider === "clerk" ? config.auth.webhookSecret : undefined,
    log,
    now: () => new Date(),
    revokeGmail: (userId) => disconnectGmail({ db, config, log }, userId),
  });
}
