import "server-only";
import { cookies } from "next/headers";
import { z } from "zod";
import {
  LOCAL_SESSION_COOKIE,
  LOCAL_SESSION_TTL_SECONDS,
  signLocalSession,
} from "@/lib/auth/local-session-token";
import { getDb } from "@/lib/db";
import { getConfig } from "@/lib/env";
import { enqueueUserCreated } from "@/lib/events/enqueue-user-created";

export const localSignInInput = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address"),
  firstName: z.string().trim().max(80, "Keep the name under 80 characters").optional(),
});

/**
 * Local sign-in: an existing local agent by email, or a new one (so a second agent can be tried in
 * development). Refused unless the local auth implementation is active.
 */
export async function signInLocally(input: z.infer<typeof localSignInInput>): Promise<void> {
  const config = getConfig();
  if (config.auth.provider !== "local" || config.mode === "production") {
    throw new Error("Local sign-in is disabled in this configuration");
  }
  const db = getDb();
  const user =
    (await db.user.findUnique({ where: { email: input.email } })) ??
    (await createLocalAgent(input.email, input.firstName || (input.email.split("@")[0] ?? "Agent")));
  if (!user.clerkUserId.startsWith("local_"))
    throw new Error("This account signs in with Clerk, not locally");

  const token = await signLocalSession(user.id, config.auth.sessionSecret);
  (await cookies()).set(LOCAL_SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: config.appUrl.startsWith("https://"),
    path: "/",
    maxAge: LOCAL_SESSION_TTL_SECONDS,
  });
}

/** A new local agent and its USER_CREATED event (the welcome email), in one transaction. */
async function createLocalAgent(email: string, firstName: string) {
  return getDb().$transaction(async (tx) => {
    const created = await tx.user.createManyAndReturn({
      data: [{ clerkUserId: `local_${email}`, email, firstName }],
      skipDuplicates: true,
    });
    const user = created[0] ?? (await tx.user.findUniqueOrThrow({ where: { email } }));
    if (created[0]) await enqueueUserCreated(tx, user);
    return user;
  });
}

export async function signOutLocally(): Promise<void> {
  (await cookies()).delete(LOCAL_SESSION_COOKIE);
}
