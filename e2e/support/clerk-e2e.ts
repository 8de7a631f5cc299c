import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { importPKCS8, SignJWT } from "jose";

/**
 * The Clerk-mode browser-test server: the same production build as the local-mode one, started a
 * second time with Clerk's keys (playwright.config.ts). Sessions are verified offline with a key pair
 * made here (CLERK_JWT_KEY), the Backend API is test/vendors/clerk-server.ts, and webhooks are signed
 * with the svix library. Clerk's hosted Frontend API and browser script cannot be reached here, so
 * the tests forge what they would have issued: session cookies signed with the instance's key.
 */

export const CLERK_APP_PORT = 3101;
/**
 * `localhost`, not 127.0.0.1: Next.js shows the proxy every loopback address as `localhost`, and
 * clerkMiddleware rewrites each request to that URL; `next start -H 127.0.0.1` then takes the
 * rewrite for another origin and proxies it to itself, which fails. A real hostname has no such gap.
 */
export const CLERK_APP_URL = `http://localhost:${CLERK_APP_PORT}`;
export const CLERK_BAPI_PORT = 54347;
export const CLERK_BAPI_URL = `http://127.0.0.1:${CLERK_BAPI_PORT}`;
export const CLERK_SECRET_KEY = "sk_test_dripr_e2e_clerk_secret";
/** A production instance's key (pk_live: no development-browser cookie) for clerk.example.com. */
export const CLERK_PUBLISHABLE_KEY = "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k";
export const CLERK_FRONTEND_API = "https://clerk.example.com";
export const CLERK_WEBHOOK_SECRET = `whsec_${Buffer.from("dripr-e2e-clerk-webhook-signing-key").toString("base64")}`;

const KEY_DIR = path.resolve(import.meta.dirname, "../../.data/e2e-clerk");
export const CLERK_PUBLIC_KEY_FILE = path.join(KEY_DIR, "public.pem");
const PRIVATE_KEY_FILE = path.join(KEY_DIR, "private.pem");

/** An RSA-2048 key pair (Clerk's size; the SDK's PEM import handles no other). */
export function newKeyPair(): { publicKey: string; privateKey: string } {
  return generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
}

/** The instance's key pair, made once per checkout (the server reads the public half at start). */
export function ensureInstanceKeys(): void {
  if (existsSync(PRIVATE_KEY_FILE) && existsSync(CLERK_PUBLIC_KEY_FILE)) return;
  mkdirSync(KEY_DIR, { recursive: true });
  const { publicKey, privateKey } = newKeyPair();
  writeFileSync(PRIVATE_KEY_FILE, privateKey, { mode: 0o600 });
  writeFileSync(CLERK_PUBLIC_KEY_FILE, publicKey);
}

export type SessionClaims = {
  sub: string;
  azp?: string | null;
  /** Seconds from now the token expires (negative: already expired). */
  expiresIn?: number;
  privateKey?: string;
};

/** A session token as Clerk's Frontend API issues it (RS256, sid, azp, short-lived). */
export async function signSessionToken(claims: SessionClaims): Promise<{ token: string; issuedAt: number }> {
  const now = Math.floor(Date.now() / 1000);
  const expiresIn = claims.expiresIn ?? 60;
  const issuedAt = expiresIn < 0 ? now + expiresIn - 60 : now - 5;
  const payload: Record<string, unknown> = {
    sub: claims.sub,
    sid: `sess_${claims.sub.slice(-8)}`,
    iss: CLERK_FRONTEND_API,
    v: 2,
    iat: issuedAt,
    nbf: issuedAt - 5,
    exp: now + expiresIn,
  };
  if (claims.azp !== null) payload.azp = claims.azp ?? CLERK_APP_URL;
  const key = await importPKCS8(claims.privateKey ?? readFileSync(PRIVATE_KEY_FILE, "utf8"), "RS256");
  const token = await new SignJWT(payload)
    .setProtectedHeader({ alg: "RS256", kid: "ins_e2e", typ: "JWT" })
    .sign(key);
  return { token, issuedAt };
}

/** The cookies Clerk's browser script keeps for a signed-in session. */
export function sessionCookie({ token, issuedAt }: { token: string; issuedAt: number }): string {
  return `__session=${token}; __client_uat=${issuedAt}`;
}

/** Creates a user at the Backend API, as signing up on Clerk's hosted pages would. */
export async function createClerkUser(input: {
  email: string;
  firstName: string;
  lastName: string;
}): Promise<{ id: string; updated_at: number; created_at: number }> {
  const response = await fetch(`${CLERK_BAPI_URL}/v1/users`, {
    method: "POST",
    headers: { authorization: `Bearer ${CLERK_SECRET_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({
      email_address: [input.email],
      first_name: input.firstName,
      last_name: input.lastName,
      skip_password_requirement: true,
    }),
  });
  if (!response.ok) throw new Error(`Clerk wire server: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; updated_at: number; created_at: number };
}

// `node --import tsx e2e/support/clerk-e2e.ts`: make the key pair before the server starts.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  ensureInstanceKeys();
}
