import { errors, jwtVerify, SignJWT } from "jose";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * One-click approve links (DESIGN.md §6). The URL carries a signed token (HS256, audience
 * "dripr-approve") naming the email (`sub`) and an ApprovalToken row (`jti`). The signature binds the
 * link to that email and makes it tamper-proof; the row makes it single-use (`usedAt`) and lets it
 * expire (`expiresAt`, also the token's `exp`). The link's GET only shows a page; the POST approves.
 */

const AUDIENCE = "dripr-approve";
/** An approve link works this long after it was sent (a reminder brings a fresh one). */
export const APPROVAL_LINK_TTL_HOURS = 7 * 24;

export type ApprovalClaims = { emailId: string; tokenId: string };
export type ApprovalTokenCheck =
  | { ok: true; claims: ApprovalClaims }
  | { ok: false; reason: "invalid" | "expired" };

/** Creates the token row (inside the caller's transaction or client); returns the signed token. */
export async function issueApprovalToken(
  db: Pick<Prisma.TransactionClient, "approvalToken">,
  emailId: string,
  secret: string,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(now.getTime() + APPROVAL_LINK_TTL_HOURS * 3_600_000);
  const row = await db.approvalToken.create({ data: { emailId, expiresAt, createdAt: now } });
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(emailId)
    .setJti(row.id)
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(new TextEncoder().encode(secret));
  return { token, expiresAt };
}

/** Checks the signature, audience and expiry (against `now`); never touches the database. */
export async function verifyApprovalToken(
  token: string,
  secret: string,
  now: Date,
): Promise<ApprovalTokenCheck> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      audience: AUDIENCE,
      algorithms: ["HS256"],
      currentDate: now,
      requiredClaims: ["sub", "jti", "exp"],
    });
    if (typeof payload.sub !== "string" || typeof payload.jti !== "string")
      return { ok: false, reason: "invalid" };
    return { ok: true, claims: { emailId: payload.sub, tokenId: payload.jti } };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: "expired" };
    return { ok: false, reason: "invalid" };
  }
}

export function approvalUrl(appUrl: string, token: string): string {
  return new URL(`/approve/${token}`, appUrl).toString();
}
