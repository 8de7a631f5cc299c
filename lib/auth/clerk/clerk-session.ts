import "server-only";
import { auth } from "@clerk/nextjs/server";

/**
 * The Clerk user id of this request's session, or null. `auth()` reads what the proxy's
 * clerkMiddleware verified (signature, expiry, authorized party) and does not call Clerk.
 */
export async function clerkSessionUserId(): Promise<string | null> {
  const { userId } = await auth();
  return userId ?? null;
}
