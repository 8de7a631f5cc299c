import { createClerkBackend } from "@/lib/auth/clerk/clerk-backend";
import type { ClerkBackend } from "@/lib/auth/clerk/clerk-backend-types";
import { upsertClerkAgent } from "@/lib/auth/clerk/upsert-clerk-agent";
import type { ClerkAuthConfig } from "@/lib/env-types";
import type { PrismaClient, User } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";

/**
 * The agent of a verified Clerk session. Usually the `user.created` webhook has made the User; when
 * the session arrives first, the User is made just in time from Clerk's Backend API, through the
 * same upsert as the webhook, so whichever comes second finds it (one User, one USER_CREATED).
 * A deleted agent, or a user Clerk no longer has, is signed out (null).
 */
export async function agentForClerkUser(
  db: PrismaClient,
  config: ClerkAuthConfig,
  clerkUserId: string,
  backend: ClerkBackend = createClerkBackend(config),
): Promise<User | null> {
  const known = await db.user.findUnique({ where: { clerkUserId } });
  if (known) return known.deletedAt ? null : known;
  const profile = await backend.getUser(clerkUserId);
  if (!profile) {
    logger.warn(
      { clerkUserId },
      "a verified session names a user Clerk does not have; treated as signed out",
    );
    return null;
  }
  const { user, created } = await upsertClerkAgent(db, profile);
  if (created)
    logger.info({ clerkUserId, userId: user.id }, "agent created just in time from a Clerk session");
  return user.deletedAt ? null : user;
}
