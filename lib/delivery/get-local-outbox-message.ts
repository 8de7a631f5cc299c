import "server-only";
import { getDb } from "@/lib/db";

/** One local-outbox message of the agent, or null when it is not theirs or absent. */
export async function getLocalOutboxMessage(userId: string, messageRowId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(messageRowId)) return null;
  return getDb().localOutboxMessage.findFirst({ where: { id: messageRowId, userId } });
}
