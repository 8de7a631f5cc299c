import type { NextRequest } from "next/server";
import { LOCAL_SESSION_COOKIE, verifyLocalSession } from "@/lib/auth/local-session-token";
import { isPublicPath, signedOutResponse } from "@/lib/auth/route-access";
import type { LocalAuthConfig } from "@/lib/env-types";

/** The proxy of local sign-in: the same public paths as Clerk's, with the local session cookie. */
export function localProxy(config: LocalAuthConfig) {
  return async (request: NextRequest): Promise<Response | undefined> => {
    if (isPublicPath(request.nextUrl.pathname)) return undefined;
    const token = request.cookies.get(LOCAL_SESSION_COOKIE)?.value;
    if (await verifyLocalSession(token, config.sessionSecret)) return undefined;
    return signedOutResponse(request);
  };
}
