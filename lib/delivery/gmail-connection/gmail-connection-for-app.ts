import "server-only";
import { getDb } from "@/lib/db";
import { completeGmailConnect } from "@/lib/delivery/gmail-connection/complete-gmail-connect";
import { disconnectGmail } from "@/lib/delivery/gmail-connection/disconnect-gmail";
import { getGmailConnection } from "@/lib/delivery/gmail-connection/get-gmail-connection";
import { getConfig } from "@/lib/env";
import { logger } from "@/lib/logger";

/** The Gmail connection use cases bound to the app's database, config and logger (pages, actions, routes). */

const log = logger.child({ runtime: "web", feature: "gmail-connection" });

export function gmailConnectionOf(userId: string) {
  return getGmailConnection(getDb(), userId);
}

export function completeGmailConnectForAgent(
  userId: string,
  callback: Parameters<typeof completeGmailConnect>[2],
) {
  return completeGmailConnect({ db: getDb(), config: getConfig(), log }, userId, callback);
}

export function disconnectGmailForAgent(userId: string) {
  return disconnectGmail({ db: getDb(), config: getConfig(), log }, userId);
}
