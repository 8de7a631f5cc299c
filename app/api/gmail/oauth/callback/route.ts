import { cookies } from "next/headers";
import { type NextRequest, NextResponse } from "next/server";
import { getCurrentAgent } from "@/lib/auth/current-agent";
import { GMAIL_CONNECT_COOKIE } from "@/lib/delivery/gmail-connection/connect-state";
import { completeGmailConnectForAgent } from "@/lib/delivery/gmail-connection/gmail-connection-for-app";
import { getConfig } from "@/lib/env";

/** Google sends the agent back here after the consent screen (GET with code and state). */
export async function GET(request: NextRequest) {
  const appUrl = getConfig().appUrl;
  const agent = await getCurrentAgent();
  if (!agent) return NextResponse.redirect(new URL("/sign-in", appUrl));
  const jar = await cookies();
  const params = request.nextUrl.searchParams;
  const result = await completeGmailConnectForAgent(agent.id, {
    code: params.get("code"),
    state: params.get("state"),
    error: params.get("error"),
    cookieNonce: jar.get(GMAIL_CONNECT_COOKIE)?.value,
  });
  jar.delete({ name: GMAIL_CONNECT_COOKIE, path: "/api/gmail/oauth" });
  const target = new URL("/settings", appUrl);
  if (result.ok) target.searchParams.set("gmail", "connected");
  else {
    target.searchParams.set("gmail", "error");
    target.searchParams.set("reason", result.reason.slice(0, 200));
  }
  return NextResponse.redirect(target);
}
