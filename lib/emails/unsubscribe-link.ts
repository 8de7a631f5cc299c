import { jwtVerify, SignJWT } from "jose";

/**
 * Unsubscribe links carry a signed token naming the campaign, so a homeowner can unsubscribe with one
 * click and nobody can unsubscribe someone else by editing a URL. They do not expire: CAN-SPAM wants
 * the opt-out working for at least 30 days, and an old email's link should still work.
 */
const AUDIENCE = "dripr-unsubscribe";

/** The HMAC key of each secret, imported once: jose would import a raw secret on every call. */
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
    keys.set(secret, key);
  }
  return key;
}

export async function unsubscribeToken(campaignId: string, secret: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(campaignId)
    .setAudience(AUDIENCE)
    .sign(await hmacKey(secret));
}

export async function verifyUnsubscribeToken(token: string, secret: string): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, await hmacKey(secret), {
      audience: AUDIENCE,
      algorithms: ["HS256"],
    });
    return typeof payload.sub === "string" ? payload.sub : null;
  } catch {
    return null;
  }
}

export function unsubscribeUrl(appUrl: string, token: string): string {
  return new URL(`/unsubscribe/${token}`, appUrl).toString();
}
