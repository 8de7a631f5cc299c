import { NextResponse } from "next/server";

/**
 * Which paths anyone may open (DESIGN.md §8): the landing page, sign-in and sign-up, the
 * homeowner's one-click links (their tokens are the authorisation), webhooks (verified by their own
 * signatures) and the health check. Everything else needs a session, checked by the proxy and again
 * by every page, action and handler.
 */
const PUBLIC_PREFIXES = ["/sign-in", "/sign-up", "/approve", "/unsubscribe", "/api/webhooks", "/api/health"];

export function isPublicPath(pathname: string): boolean {
  return pathname === "/" || PUBLIC_PREFIXES.some((prefix) => isUnder(pathname, prefix));
}

/** `pathname` is `prefix` itself or a path below it (not merely sharing its letters: /approved). */
export function isUnder(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

/**
 * What a signed-out request to a private path gets: a browser opening a page (or landing on an API
 * callback, e.g. back from Google), the sign-in page and back here after it; any other API call,
 * 401. Other methods on pages (server actions POST to the page's path) pass: each action
 * authorises itself and answers in the form Next.js expects.
 */
export function signedOutResponse(request: Request): Response | undefined {
  const url = new URL(request.url);
  const read = request.method === "GET" || request.method === "HEAD";
  const opensPage =
    read &&
    (request.headers.get("sec-fetch-dest") === "document" ||
      (request.headers.get("accept") ?? "").includes("text/html"));
  if (url.pathname.startsWith("/api/") && !opensPage) {
    return NextResponse.json({ error: "Sign in first" }, { status: 401 });
  }
  if (!read) return undefined;
  const signIn = new URL("/sign-in", url);
  signIn.searchParams.set("redirect_url", `${url.pathname}${url.search}`);
  return NextResponse.redirect(signIn);
}

/**
 * Where to go after signing in: the `redirect_url` the proxy set, when it is a path of this app
 * (never another origin, `//host` or `/\\host`: an open redirect), else the dashboard.
 */
export function afterSignInPath(redirectUrl: unknown): string {
  if (typeof redirectUrl !== "string" || !redirectUrl.startsWith("/")) return "/dashboard";
  if (redirectUrl.startsWith("//") || redirectUrl.startsWith("/\\")) return "/dashboard";
  const url = new URL(redirectUrl, "http://dripr.invalid");
  return url.origin === "http://dripr.invalid" ? `${url.pathname}${url.search}` : "/dashboard";
}
