import { SYSTEM_ACTOR } from "@/lib/campaigns/actors";
import type { Prisma } from "@/lib/generated/prisma/client";

export const ACCOUNT_DELETED = "account deleted";

export type DeletedAgent =
  | { kind: "deleted"; userId: string; campaignsDisabled: number; emailsCanceled: number }
  | { kind: "already-deleted"; userId: string }
  | { kind: "unknown-user" };

/**
 * The agent's Clerk account was deleted (`user.deleted`): in the caller's transaction, the account
 * is marked deleted, every enabled campaign is disabled (with a DISABLED history row, like an
 * agent's own switch-off: no next send date, and the poller returns a campaign caught mid-cycle to
 * DORMANT) and every email not yet sent is canceled. History and sent emails are kept.
 *
 * An email a sender has already claimed (SENDING) is left to it: it is in flight or being
 * reconciled, and a sender that has not reached the provider re-checks the campaign and cancels.
 * The Gmail grant is the caller's to revoke, after this commits (no network call in a transaction).
 */
export async function deleteClerkAgent(
  tx: Prisma.TransactionClient,
  input: { clerkUserId: string; now: Date },
): Promise<DeletedAgent> {
  const user = await tx.user.findUnique({ where: { clerkUserId: input.clerkUserId }, select: { id: true } });
  if (!user) {
    // A deletion that overtook the user's `user.created` (Svix retries late): a deleted row stands in
    // for the user, so the late creation finds it deleted and neither makes an agent nor welcomes one.
    await tx.user.createMany({
      data: [
        {
          clerkUserId: input.clerkUserId,
          email: `deleted+${input.clerkUserId.toLowerCase()}@deleted.invalid`,
          firstName: "",
          deletedAt: input.now,
        },
      ],
      skipDuplicates: true,
    });
    return { kind: "unknown-user" };
  }
  // Marked first: the row lock makes a concurrent campaign creation (which locks the live agent's row)
  // wait for this transaction and then find the agent gone.
  const marked = await tx.user.updateMany({
    where: { id: user.id, deletedAt: null },
    data: { deletedAt: input.now },
  });
  if (marked.count === 0) return { kind: "already-deleted", userId: user.id };

  const disabled = await tx.campaign.updateManyAndReturn({
    where: { userId: user.id, enabled: true },
    data: { enabled: false, nextSendDate: null },
    select: { id: true, cycle: true },
  });
  // Every campaign's, not only the ones just disabled: nothing of a deleted agent may go out.
  const canceled = await tx.email.updateMany({
    where: { userId: user.id, status: "READY" },
    data: { status: "CANCELED", error: "The agent's account was deleted" },
  });
  await tx.campaignHistory.createMany({
    data: disabled.map((campaign) => ({
      campaignId: campaign.id,
      cycle: campaign.cycle,
      event: "DISABLED",
      actor: SYSTEM_ACTOR,
      reason: ACCOUNT_DELETED,
      at: input.now,
    })),
  });
  return {
    kind: "deleted",
    userId: user.id,
    campaignsDisabled: disabled.length,
    emailsCanceled: canceled.count,
  };
}
