import { clerkMiddleware } from "@clerk/nextjs/server";
import type { NextFetchEvent, NextMiddleware, NextRequest } from "next/server";
import { clerkFrontendApiOrigin } from "@/lib/auth/clerk/clerk-frontend-api";
import { localProxy } from "@/lib/auth/local-proxy";
import { isPublicPath, signedOutResponse } from "@/lib/auth/route-access";
import { getConfig } from "@/lib/env";
import type { ClerkAuthConfig } from "@/lib/env-types";
import { contentPolicyFor, passWithPolicy, withPolicy } from "@/lib/security/content-policy";
import { createAppRateLimiter, type RateLimiter } from "@/lib/security/rate-limits";

/**
 * Next.js 16's proxy (formerly middleware): every request but static files passes here first.
 * With Clerk configured, clerkMiddleware verifies the session token without a network call
 * (`jwtKey`), checks its `azp` against the app's origin, and private paths need a session; locally,
 * the local session cookie does the same. The keys come from runtime configuration, not the build,
 * so one image serves any Clerk instance (and the browser tests' local mode). Every response gets
 * the Content-Security-Policy with this request's nonce (lib/security/security-headers.ts), and the
 * public endpoints are rate-limited first.
 */

let handler: NextMiddleware | undefined;

function clerkProxy(auth: ClerkAuthConfig): NextMiddleware {
  const frontendApi = clerkFrontendApiOrigin(auth.publishableKey);
  return clerkMiddleware(
    async (clerkAuth, request) => {
      const policy = contentPolicyFor(frontendApi);
      if (isPublicPath(request.nextUrl.pathname)) return passWithPolicy(request, policy);
      const { userId } = await clerkAuth();
      if (!userId) return withPolicy(signedOutResponse(request), request, policy);
      return passWithPolicy(request, policy);
    },
    {
      publishableKey: auth.publishableKey,
      jwtKey: auth.jwtKey,
      authorizedParties: auth.authorizedParties,
      signInUrl: "/sign-in",
      signUpUrl: "/sign-up",
    },
  );
}

function createHandler(): NextMiddleware {
  const { auth } = getConfig();
  if (auth.provider === "clerk") return clerkProxy(auth);
  const local = localProxy(auth);
  return async (request) => withPolicy(await local(request), request, contentPolicyFor());
}

let rateLimiter: RateLimiter | undefined;

export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  // The public endpoints' rate limits first (lib/security/rate-limits.ts): a 429 costs no more work.
  rateLimiter ??= createAppRateLimiter(getConfig().databaseUrl);
  const limited = await rateLimiter(request);
  if (limited) return limited;
  handler ??= createHandler();
  return handler(request, event);
}

export const config = {
  // Clerk's documented matcher: everything but Next.js internals and static files, and always the APIs.
  matcher: [
    "/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)",
    "/(api|trpc)(.*)",
  ],
};
