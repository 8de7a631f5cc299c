import { jwtVerify, SignJWT } from "jose";

/**
 * Signed session tokens of the local auth implementation (development and tests only; production
 * uses Clerk). HS256 over the session secret; the subject is the agent's database id.
 */

export const LOCAL_SESSION_COOKIE = "dripr_session";
export const LOCAL_SESSION_TTL_SECONDS = 60 * 60 * 24 * 30;
const ISSUER = "dripr-local-auth";

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function signLocalSession(userId: string, secret: string, now = new Date()): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + LOCAL_SESSION_TTL_SECONDS)
    .sign(key(secret));
}

/** The agent id of a valid token, or null for a missing, tampered or expired one. */
export async function verifyLocalSession(
  token: string | undefined,
  secret: string,
  now = new Date(),
): Promise<string | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      issuer: ISSUER,
      algorithms: ["HS256"],
      currentDate: now,
    });
    return typeof payload.sub === "string" ? payload.sub : null;
  } catch {
    return null;
  }
}
