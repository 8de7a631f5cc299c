import { getDb } from "@/lib/db";
import { handleUnsubscribePost } from "@/lib/emails/handle-unsubscribe-request";
import { getConfig } from "@/lib/env";
import { logger } from "@/lib/logger";

// The URL in List-Unsubscribe and in the footer. GET only leads to the page (link scanners follow
// GETs); POST unsubscribes (RFC 8058 one-click, or the page's form).

type Context = { params: Promise<{ token: string }> };

export async function GET(_request: Request, { params }: Context) {
  const { token } = await params;
  return new Response(null, {
    status: 303,
    headers: { location: `/unsubscribe/${encodeURIComponent(token)}/confirm` },
  });
}

export async function POST(request: Request, { params }: Context) {
  const { token } = await params;
  const config = getConfig();
  return handleUnsubscribePost(request, token, {
    db: getDb(),
    secret: config.linkSigningSecret,
    log: logger.child({ route: "unsubscribe" }),
    now: () => new Date(),
  });
}
