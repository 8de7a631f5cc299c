import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { LOCAL_SESSION_COOKIE, verifyLocalSession } from "@/lib/auth/local-session-token";
import { getDb } from "@/lib/db";
import { type AppConfig, getConfig } from "@/lib/env";
import type { User } from "@/lib/generated/prisma/client";

/**
 * The signed-in agent. App code asks only this module (DESIGN.md §8); which identity provider
 * answers is configuration: local signed cookies in development and tests, Clerk in production.
 */

export type Agent = User;

function localAuthSecret(config: AppConfig): string {
  if (config.auth.provider !== "local") {
    throw new Error(
      "Clerk sign-in is not built yet: unset CLERK_SECRET_KEY / NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY to use local sign-in",
    );
  }
  if (config.mode === "production") throw new Error("Local sign-in is refused in production");
  return config.auth.sessionSecret;
}

/** Memoised per request: layouts and pages both call it. */
export const getCurrentAgent = cache(async (): Promise<Agent | null> => {
  const secret = localAuthSecret(getConfig());
  const token = (await cookies()).get(LOCAL_SESSION_COOKIE)?.value;
  const userId = await verifyLocalSession(token, secret);
  if (!userId) return null;
  return getDb().user.findFirst({ where: { id: userId, deletedAt: null } });
});

/** For pages and server actions: the agent, or a redirect to sign-in. */
export async function requireAgent(): Promise<Agent> {
  const agent = await getCurrentAgent();
  if (!agent) redirect("/sign-in");
  return agent;
}
