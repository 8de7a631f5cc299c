import { randomBytes } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";

/**
 * The OAuth `state` of a Gmail connection (CSRF protection, RFC 6749 §10.12): a short-lived HS256
 * token naming the agent and a random nonce, where the nonce is also kept in an httpOnly cookie of the
 * agent's browser. The callback accepts the code only when the state verifies, names the signed-in
 * agent, and carries the nonce of this browser's cookie, so neither a forged callback nor one started
 * by someone else can attach a mailbox to an agent.
 */

export const GMAIL_CONNECT_COOKIE = "dripr_gmail_connect";
export const CONNECT_STATE_TTL_SECONDS = 600;
const AUDIENCE = "dripr-gmail-connect";

export async function createConnectState(userId: string, secret: string, now = new Date()) {
  const nonce = randomBytes(18).toString("base64url");
  const issuedAt = Math.floor(now.getTime() / 1000);
  const state = await new SignJWT({ nonce })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + CONNECT_STATE_TTL_SECONDS)
    .sign(new TextEncoder().encode(secret));
  return { state, nonce };
}

/** Why the state is not acceptable, or null when it is. */
export async function checkConnectState(
  state: string | null,
  cookieNonce: string | undefined,
  userId: string,
  secret: string,
  now = new Date(),
): Promise<string | null> {
  if (!state || !cookieNonce) return "the connection request is missing or expired; start again";
  try {
    const { payload } = await jwtVerify(state, new TextEncoder().encode(secret), {
      audience: AUDIENCE,
      algorithms: ["HS256"],
      currentDate: now,
    });
    if (payload.sub !== userId) return "the connection was started by another account";
    if (payload.nonce !== cookieNonce) return "the connection was not started in this browser";
    return null;
  } catch {
    return "the connection request is invalid or expired; start again";
  }
}
