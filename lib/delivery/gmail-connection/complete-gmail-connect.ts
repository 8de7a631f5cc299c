import { exchangeGoogleCode } from "@/lib/clients/google/google-oauth";
import { checkConnectState } from "@/lib/delivery/gmail-connection/connect-state";
import { encryptToken } from "@/lib/delivery/token-cipher";
import type { AppConfig } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Logger } from "@/lib/logger";

export type ConnectResult = { ok: true; googleEmail: string } | { ok: false; reason: string };

/**
 * The OAuth callback's work: check the state, trade the code for a refresh token, and store the
 * grant encrypted (one connection per agent; connecting again replaces it and clears a revoked state).
 */
export async function completeGmailConnect(
  deps: { db: Pick<PrismaClient, "gmailConnection">; config: AppConfig; log: Logger; now?: Date },
  userId: string,
  callback: {
    code: string | null;
    state: string | null;
    error: string | null;
    cookieNonce: string | undefined;
  },
): Promise<ConnectResult> {
  const { config, db, log } = deps;
  if (config.integrations.gmail !== "google")
    return { ok: false, reason: "Gmail sending is not configured on this server" };
  const stateProblem = await checkConnectState(
    callback.state,
    callback.cookieNonce,
    userId,
    config.linkSigningSecret,
    deps.now,
  );
  if (stateProblem) return { ok: false, reason: stateProblem };
  if (callback.error) {
    return {
      ok: false,
      reason:
        callback.error === "access_denied"
          ? "you did not allow access"
          : `Google answered “${callback.error}”`,
    };
  }
  if (!callback.code) return { ok: false, reason: "Google sent no authorization code" };
  let grant: Awaited<ReturnType<typeof exchangeGoogleCode>>;
  try {
    grant = await exchangeGoogleCode(config.delivery.google, callback.code);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // Only the message: Google client errors carry the request, with the client secret and the code.
    log.warn({ userId, error: message }, "Gmail connection failed at the token exchange");
    return {
      ok: false,
      reason: /invalid_grant/.test(message) ? "the authorization expired; start again" : message,
    };
  }
  const encryptedRefreshToken = encryptToken(grant.refreshToken, config.tokenEncryptionKey, userId);
  const now = deps.now ?? new Date();
  const fields = {
    googleEmail: grant.googleEmail,
    encryptedRefreshToken,
    scope: grant.scope,
    status: "CONNECTED" as const,
    lastError: null,
    revokedAt: null,
    connectedAt: now,
  };
  await db.gmailConnection.upsert({ where: { userId }, create: { userId, ...fields }, update: fields });
  log.info({ userId, googleEmail: grant.googleEmail }, "Gmail connected");
  return { ok: true, googleEmail: grant.googleEmail };
}
