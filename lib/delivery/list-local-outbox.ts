import "server-only";
import { getDb } from "@/lib/db";

export const LOCAL_OUTBOX_PAGE_SIZE = 100;

/** The agent's local-outbox mail, newest first (the Outbox page). */
export async function listLocalOutbox(userId: string) {
  return getDb().localOutboxMessage.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: LOCAL_OUTBOX_PAGE_SIZE,
    select: { id: true, kind: true, toAddress: true, subject: true, createdAt: true },
  });
}
