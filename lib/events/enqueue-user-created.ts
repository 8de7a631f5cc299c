import { enqueueEvent } from "@/lib/events/enqueue-event";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * USER_CREATED for a User just inserted, in the transaction that inserted it (the welcome email,
 * or silent onboarding for a managed agent). Its dedupe key is the user's: one event per agent.
 */
export async function enqueueUserCreated(
  tx: Pick<Prisma.TransactionClient, "$executeRaw">,
  user: { id: string; createdAt: Date },
): Promise<void> {
  await enqueueEvent(tx, {
    type: "USER_CREATED",
    version: 1,
    userId: user.id,
    dedupeKey: `user:${user.id}:created`,
    occurredAt: user.createdAt.toISOString(),
  });
}
