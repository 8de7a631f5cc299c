import { getDb } from "@/lib/db";
import { handlePostmarkWebhook } from "@/lib/emails/handle-postmark-webhook";
import { getConfig } from "@/lib/env";
import { logger } from "@/lib/logger";

// Postmark bounce and spam-complaint webhooks (Basic Auth in the URL configured at Postmark).
export async function POST(request: Request) {
  return handlePostmarkWebhook(request, {
    db: getDb(),
    credentials: getConfig().postmarkWebhook,
    log: logger.child({ route: "postmark-webhook" }),
    now: () => new Date(),
  });
}
