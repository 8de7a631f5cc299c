import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Gmail refresh tokens at rest (DESIGN.md §7): AES-256-GCM with TOKEN_ENCRYPTION_KEY, a fresh 96-bit
 * IV per value, and the owner's id as associated data, so a ciphertext copied onto another agent's
 * row does not decrypt. Stored as `v1.<iv>.<tag>.<ciphertext>` (base64url).
 */

const VERSION = "v1";

export function encryptToken(plaintext: string, key: Buffer, ownerId: string): string {
  assertKey(key);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(ownerId, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, ciphertext]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

/** Throws when the value was not encrypted with this key for this owner, or was altered. */
export function decryptToken(stored: string, key: Buffer, ownerId: string): string {
  assertKey(key);
  const [version, iv, tag, ciphertext] = stored.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) {
    throw new Error("the stored token is not in the v1 encrypted format");
  }
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(ownerId, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString(
    "utf8",
  );
}

function assertKey(key: Buffer): void {
  if (key.length !== 32) throw new Error("the token encryption key must be 32 bytes");
}
