import { ConflictError } from "@/lib/errors";
import { enqueueUserCreated } from "@/lib/events/enqueue-user-created";
import type { Prisma, PrismaClient, User } from "@/lib/generated/prisma/client";
import type { ClerkUserProfile } from "./clerk-backend-types";

export type UpsertedAgent = { user: User; created: boolean };

/**
 * The one way a Clerk user becomes (or updates) a Dripr agent: the session's just-in-time path, the
 * `user.created`/`user.updated` webhooks and the managed-agent command all call it, in whatever
 * order they happen. However often and in whatever order it runs for one Clerk user, there is one
 * User, and its USER_CREATED event (the welcome email, or silent onboarding for a managed agent) is
 * written once, in the transaction that creates the row.
 *
 * A copy of the user older than the one stored (Clerk's `updated_at`) changes nothing, so a late
 * `user.created` cannot undo a `user.updated`. A deleted agent is never revived.
 */
export async function upsertClerkAgent(
  db: PrismaClient | Prisma.TransactionClient,
  profile: ClerkUserProfile,
): Promise<UpsertedAgent> {
  const run = (tx: Prisma.TransactionClient) => upsertInTransaction(tx, profile);
  return "$transaction" in db ? db.$transaction(run) : run(db);
}

async function upsertInTransaction(
  tx: Prisma.TransactionClient,
  profile: ClerkUserProfile,
): Promise<UpsertedAgent> {
  const email = profile.email.trim().toLowerCase();
  await freeEmailOfDeletedAgent(tx, email, profile.clerkUserId);
  const fields = {
    email,
    firstName: profile.firstName,
    lastName: profile.lastName,
    managedClientId: profile.managedClientId,
    clerkUpdatedAt: profile.updatedAt,
  };
  // ON CONFLICT DO NOTHING: two requests creating the same agent at once both end here safely.
  const [inserted] = await tx.user.createManyAndReturn({
    data: [{ clerkUserId: profile.clerkUserId, ...fields }],
    skipDuplicates: true,
  });
  if (inserted) {
    await enqueueUserCreated(tx, inserted);
    return { user: inserted, created: true };
  }

  const existing = await tx.user.findUnique({ where: { clerkUserId: profile.clerkUserId } });
  if (!existing) {
    throw new ConflictError(
      `${email} already belongs to another Dripr agent; Clerk user ${profile.clerkUserId} was not linked`,
    );
  }
  if (existing.deletedAt) return { user: existing, created: false };
  const newer = !existing.clerkUpdatedAt || profile.updatedAt > existing.clerkUpdatedAt;
  if (!newer) return { user: existing, created: false };
  if (email !== existing.email) {
    const holder = await tx.user.findUnique({ where: { email }, select: { id: true } });
    if (holder) {
      throw new ConflictError(
        `${email} already belongs to another Dripr agent; Clerk user ${profile.clerkUserId} keeps ${existing.email}`,
      );
    }
  }
  const user = await tx.user.update({ where: { id: existing.id }, data: fields });
  return { user, created: false };
}

/**
 * A deleted agent keeps its row (history, sent emails) but not its email address, so the same
 * person can sign up again as a new agent.
 */
async function freeEmailOfDeletedAgent(
  tx: Prisma.TransactionClient,
  email: string,
  clerkUserId: string,
): Promise<void> {
  const deleted = await tx.user.findFirst({
    where: { email, deletedAt: { not: null }, clerkUserId: { not: clerkUserId } },
    select: { id: true },
  });
  if (deleted) {
    await tx.user.update({ where: { id: deleted.id }, data: { email: `deleted+${deleted.id}+${email}` } });
  }
}
