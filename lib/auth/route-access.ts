import { NextResponse } from "next/server";

/**
 * Which paths anyone may open (DESIGN.md §8): the landing redirect, sign-in and sign-up, the
 * homeowner's one-click links (their tokens are the authorisation), webhooks (verified by their own
 * signatures) and the health check. Everything else needs a session, checked by the proxy and again
 * by every page, action and handler.
 */
const PUBLIC_PREFIXES = ["/sign-in", "/sign-up", "/approve", "/unsubscribe", "/api/webhooks", "/api/health"];

export function isPublicPath(pathname: string): boolean {
  return (
    pathname === "/" ||
    PUBLIC_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`))
  );
}

/**
 * What a signed-out request to a private path gets: a page, the sign-in page (back here after); an
 * API route, 401. Other methods (server actions POST to the page's path) pass: each action
 * authorises itself and answers in the form Next.js expects.
 */
export function signedOutResponse(request: Request): Response | undefined {
  const url = new URL(request.url);
  if (url.pathname.startsWith("/api/")) {
    return NextResponse.json({ error: "Sign in first" }, { status: 401 });
  }
  if (request.method !== "GET" && request.method !== "HEAD") return undefined;
  const signIn = new URL("/sign-in", url);
  signIn.searchParams.set("redirect_url", `${url.pathname}${url.search}`);
  return NextResponse.redirect(signIn);
}
