import { unsubscribeHomeowner } from "@/lib/emails/unsubscribe-homeowner";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Logger } from "@/lib/logger";

/**
 * POST /unsubscribe/{token}: both the RFC 8058 one-click request a mail client sends
 * (`List-Unsubscribe=One-Click` in a form body, no cookies, no redirects followed) and the footer
 * link's page submitting its form. Either unsubscribes at once. The mail client gets a plain 200;
 * the browser is sent back to the page, which then shows the result. A bad token is a 400 that
 * changes nothing.
 */
export async function handleUnsubscribePost(
  request: Request,
  token: string,
  deps: { db: PrismaClient; secret: string; log: Logger; now: () => Date },
): Promise<Response> {
  const body = await request.text().catch(() => "");
  // RFC 8058 allows the field as a urlencoded or a multipart/form-data body.
  const oneClick =
    new URLSearchParams(body).get("List-Unsubscribe") === "One-Click" ||
    /name="List-Unsubscribe"\r?\n\r?\nOne-Click/.test(body);
  const result = await unsubscribeHomeowner(
    { db: deps.db, secret: deps.secret, now: deps.now() },
    token,
    oneClick ? "one-click" : "page",
  );
  if (result.state === "invalid") {
    deps.log.warn({ oneClick }, "unsubscribe with an invalid token refused");
    return new Response("This unsubscribe link is not valid.", {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  deps.log.info({ oneClick, state: result.state }, "homeowner unsubscribed");
  if (oneClick) {
    return new Response("You are unsubscribed.", {
      status: 200,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  return new Response(null, {
    status: 303,
    // Relative, so it holds behind any proxy whatever host the app sees.
    headers: { location: `/unsubscribe/${encodeURIComponent(token)}/confirm` },
  });
}
