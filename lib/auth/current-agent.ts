import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { agentForClerkUser } from "@/lib/auth/clerk/agent-for-clerk-user";
import { clerkSessionUserId } from "@/lib/auth/clerk/clerk-session";
import { LOCAL_SESSION_COOKIE, verifyLocalSession } from "@/lib/auth/local-session-token";
import { getDb } from "@/lib/db";
import { type AppConfig, getConfig } from "@/lib/env";
import type { User } from "@/lib/generated/prisma/client";

/**
 * The signed-in agent. App code asks only this module (DESIGN.md §8); which identity provider
 * answers is configuration: Clerk when its keys are set, otherwise local signed cookies
 * (development, tests, and production builds on a loopback APP_URL: lib/env.ts refuses the rest).
 */

export type Agent = User;

/** Memoised per request: layouts and pages both call it. */
export const getCurrentAgent = cache(async (): Promise<Agent | null> => {
  // Who is signed in is known only per request: never prerendered, so a build needs no configuration.
  await connection();
  const config = getConfig();
  if (config.auth.provider === "clerk") {
    const clerkUserId = await clerkSessionUserId();
    return clerkUserId ? agentForClerkUser(getDb(), config.auth, clerkUserId) : null;
  }
  return localAgent(config.auth.sessionSecret);
});

async function localAgent(secret: string): Promise<Agent | null> {
  const token = (await cookies()).get(LOCAL_SESSION_COOKIE)?.value;
  const userId = await verifyLocalSession(token, secret);
  if (!userId) return null;
  return getDb().user.findFirst({ where: { id: userId, deletedAt: null } });
}

/** For pages and server actions: the agent, or a redirect to sign-in. */
export async function requireAgent(): Promise<Agent> {
  const agent = await getCurrentAgent();
  if (!agent) redirect("/sign-in");
  return agent;
}

/** Which sign-in the pages show. */
export function authProvider(config: AppConfig = getConfig()): AppConfig["auth"]["provider"] {
  return config.auth.provider;
}
