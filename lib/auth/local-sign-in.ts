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
  const existing = await db.user.findUnique({ where: { email: input.email } });
  const user =
    existing ??
    (await db.user.upsert({
      where: { email: input.email },
      update: {},
      create: {
        clerkId: `local_${input.email}`,
        email: input.email,
        firstName: input.firstName || (input.email.split("@")[0] ?? "Agent"),
      },
    }));
  if (!user.clerkId.startsWith("local_")) throw new Error("This account signs in with Clerk, not locally");

  const token = await signLocalSession(user.id, config.auth.sessionSecret);
  (await cookies()).set(LOCAL_SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: config.appUrl.startsWith("https://"),
    path: "/",
    maxAge: LOCAL_SESSION_TTL_SECONDS,
  });
}

export async function signOutLocally(): Promise<void> {
  (await cookies()).delete(LOCAL_SESSION_COOKIE);
}
