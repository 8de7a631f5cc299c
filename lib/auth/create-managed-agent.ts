import { z } from "zod";
import type { AgentAdminDeps } from "@/lib/auth/agent-admin-deps";
import type { ClerkUserProfile } from "@/lib/auth/clerk/clerk-backend-types";
import { upsertClerkAgent } from "@/lib/auth/clerk/upsert-clerk-agent";
import { agentEmail, type SentSignInLink, sendSignInLink } from "@/lib/auth/send-sign-in-link";
import { ConflictError } from "@/lib/errors";

const name = z
  .string({ error: "is required" })
  .trim()
  .min(1, "is required")
  .max(100, "is longer than 100 characters")
  .regex(/^[^\r\n]*$/, "must be a single line");

export const createManagedAgentInput = z.object({
  email: agentEmail,
  firstName: name,
  lastName: name,
  /** The B2B partner's id, stored in Clerk's public metadata and on the User. */
  managedClientId: z
    .string({ error: "is required" })
    .trim()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
      "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. acme-realty)",
    ),
  sendSignInLink: z.boolean().default(false),
});
export type CreateManagedAgentInput = z.input<typeof createManagedAgentInput>;

export type ManagedAgentResult = {
  clerk: {
    action: "created" | "updated" | "unchanged";
    clerkUserId: string;
    /** The partner the Clerk user belonged to before (null: a self-serve user), when it changed. */
    previousManagedClientId?: string | null;
  };
  user: { action: "created" | "synced"; userId: string };
  signInLink: SentSignInLink | null;
};

/**
 * Provisions a managed (B2B) agent (DESIGN.md §8, issue 14): the Clerk user with `managedClientId` in
 * its public metadata, then the Dripr User through upsertClerkAgent (one User, one USER_CREATED, which
 * the welcome sender skips for managed agents; no billing required), then optionally a sign-in link.
 *
 * Input is validated before anything is called. Every step looks before it writes, so the command is
 * safe to repeat: the same email updates the same Clerk user and User, and a run that failed halfway
 * (Clerk refused, Clerk's answer was lost after it created the user, the database step failed, the
 * mail failed) is completed by running it again.
 */
export async function createManagedAgent(
  deps: AgentAdminDeps,
  input: CreateManagedAgentInput,
): Promise<ManagedAgentResult> {
  const wanted = createManagedAgentInput.parse(input);
  const fields = {
    firstName: wanted.firstName,
    lastName: wanted.lastName,
    managedClientId: wanted.managedClientId,
  };
  const found = await deps.clerk.findUserByEmail(wanted.email);
  let profile: ClerkUserProfile;
  let clerk: ManagedAgentResult["clerk"];
  if (!found) {
    profile = await deps.clerk.createUser({ email: wanted.email, ...fields });
    clerk = { action: "created", clerkUserId: profile.clerkUserId };
  } else if (
    found.firstName === wanted.firstName &&
    found.lastName === wanted.lastName &&
    found.managedClientId === wanted.managedClientId
  ) {
    profile = found;
    clerk = { action: "unchanged", clerkUserId: found.clerkUserId };
  } else {
    profile = await deps.clerk.updateUser(found.clerkUserId, fields);
    clerk = { action: "updated", clerkUserId: found.clerkUserId };
    if (found.managedClientId !== wanted.managedClientId) {
      clerk.previousManagedClientId = found.managedClientId;
    }
  }

  const { user, created } = await upsertClerkAgent(deps.db, profile);
  if (user.deletedAt) {
    throw new ConflictError(
      `The Dripr agent for Clerk user ${profile.clerkUserId} (${user.email}) was deleted on ` +
        `${user.deletedAt.toISOString()} and is not revived; delete the Clerk user, then run this again`,
    );
  }
  const result: ManagedAgentResult = {
    clerk,
    user: { action: created ? "created" : "synced", userId: user.id },
    signInLink: null,
  };
  if (wanted.sendSignInLink) result.signInLink = await sendSignInLink(deps, { email: user.email });
  return result;
}
