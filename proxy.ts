import { clerkMiddleware } from "@clerk/nextjs/server";
import type { NextFetchEvent, NextMiddleware, NextRequest } from "next/server";
import { localProxy } from "@/lib/auth/local-proxy";
import { isPublicPath, signedOutResponse } from "@/lib/auth/route-access";
import { getConfig } from "@/lib/env";
import type { ClerkAuthConfig } from "@/lib/env-types";

/**
 * Next.js 16's proxy (formerly middleware): every request but static files passes here first.
 * With Clerk configured, clerkMiddleware verifies the session token without a network call
 * (`jwtKey`), checks its `azp` against the app's origin, and private paths need a session; locally,
 * the local session cookie does the same. The keys come from runtime configuration, not the build,
 * so one image serves any Clerk instance (and the browser tests' local mode).
 */

let handler: NextMiddleware | undefined;

function clerkProxy(auth: ClerkAuthConfig): NextMiddleware {
  return clerkMiddleware(
    async (clerkAuth, request) => {
      if (isPublicPath(request.nextUrl.pathname)) return;
      const { userId } = await clerkAuth();
      if (!userId) return signedOutResponse(request);
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
  return auth.provider === "clerk" ? clerkProxy(auth) : localProxy(auth);
}

export default function proxy(request: NextRequest, event: NextFetchEvent) {
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
