import { NextResponse } from "next/server";
import { contentSecurityPolicy, newNonce } from "@/lib/security/security-headers";

/** One request's Content-Security-Policy and the nonce in it. */
export type ContentPolicy = { nonce: string; header: string };

export function contentPolicyFor(clerkFrontendApi?: string): ContentPolicy {
  const nonce = newNonce();
  const development = process.env.NODE_ENV === "development";
  return { nonce, header: contentSecurityPolicy({ nonce, development, clerkFrontendApi }) };
}

/**
 * The request goes on to its page or handler with the policy in its headers, where Next.js reads
 * the nonce for its scripts (`x-nonce` for ours), and the response carries the policy.
 */
export function passWithPolicy(request: Request, policy: ContentPolicy): NextResponse {
  const headers = new Headers(request.headers);
  headers.set("x-nonce", policy.nonce);
  headers.set("content-security-policy", policy.header);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy.header);
  return response;
}

/** The proxy's own answer (a redirect to sign-in, a 401) with the policy, or the request passed on. */
export function withPolicy(
  response: Response | undefined,
  request: Request,
  policy: ContentPolicy,
): Response {
  if (!response) return passWithPolicy(request, policy);
  response.headers.set("Content-Security-Policy", policy.header);
  return response;
}
