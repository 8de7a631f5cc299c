import { agentActor } from "@/lib/campaigns/actors";
import { type ApprovalClaims, verifyApprovalToken } from "@/lib/emails/approval-link";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

/**
 * What an approve link does (DESIGN.md §6). `inspectApprovalLink` serves the link's GET: it only
 * reads, so a mail scanner following the link changes nothing. `approveEmailByLink` serves the POST
 * of the page's single button. A link that is tampered with, expired, already used, or whose email
 * can no longer be approved changes nothing and says why.
 */

export type LinkDeps = { db: PrismaClient; secret: string; now: Date };

export type LinkProblem =
  | { state: "invalid" }
  | { state: "expired" }
  /** With what the page needs to say when the approved email goes out (`email`). */
  | { state: "used"; usedAt: Date; timeZone: string; email: LinkEmail }
  | { state: "already-approved"; approvedAt: Date | null }
  | { state: "closed"; emailStatus: string; approvalStatus: string };

export type LinkEmail = {
  id: string;
  userId: string;
  campaignId: string;
  cycle: number;
  subject: string;
  toName: string;
  toEmail: string;
  htmlStorageKey: string;
  scheduledSendDatetime: Date;
  timeZone: string;
  /** The agent's setting and the campaign's start: the sending rules' inputs for when it goes out. */
  sendingWindowEnabled: boolean;
  campaignCreatedAt: Date;
  agentName: string;
};

export type LinkInspection = ({ state: "ready" } & { email: LinkEmail }) | LinkProblem;
export type LinkApproval = { state: "approved"; email: LinkEmail } | LinkProblem;

export const LINK_PROBLEM_MESSAGES: Record<LinkProblem["state"], string> = {
  invalid:
    "This approve link is not valid: it was changed or copied incompletely. Open the campaign in Dripr to approve the email there.",
  expired:
    "This approve link has expired. Open the campaign in Dripr to approve the email, or use the link in a newer reminder.",
  used: "This approve link was already used. Nothing changed.",
  "already-approved": "This email is already approved. Nothing changed.",
  closed:
    "This email can no longer be approved: it was sent, skipped, canceled or replaced by a newer one. Nothing changed.",
};

export async function inspectApprovalLink(deps: LinkDeps, token: string): Promise<LinkInspection> {
  const checked = await verifyApprovalToken(token, deps.secret, deps.now);
  if (!checked.ok) return { state: checked.reason };
  const found = await loadLink(deps.db, checked.claims);
  if (!found) return { state: "invalid" };
  return found.problem ?? { state: "ready", email: found.email };
}

export async function approveEmailByLink(deps: LinkDeps, token: string): Promise<LinkApproval> {
  const checked = await verifyApprovalToken(token, deps.secret, deps.now);
  if (!checked.ok) return { state: checked.reason };
  const { emailId, tokenId } = checked.claims;
  const now = deps.now;
  return deps.db
    .$transaction(async (tx) => {
      const found = await loadLink(tx, checked.claims);
      if (!found) return { state: "invalid" } as const;
      if (found.problem) return found.problem;
      // Spend the token: of two clicks at once, only one gets past this compare-and-set.
      const spent = await tx.approvalToken.updateMany({
        where: { id: tokenId, emailId, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      if (spent.count === 0)
        return (await loadLink(tx, checked.claims))?.problem ?? ({ state: "expired" } as const);
      const approved = await tx.email.updateMany({
        where: { id: emailId, status: "READY", approvalStatus: "PENDING" },
        data: { approvalStatus: "APPROVED", approvedAt: now, approvedBy: agentActor(found.email.userId) },
      });
      // Changed since it was read (approved in the app, sent, skipped): undo the token's use too.
      if (approved.count === 0) throw new Rollback((await loadLink(tx, checked.claims))?.problem ?? CLOSED);
      await tx.campaignHistory.create({
        data: {
          campaignId: found.email.campaignId,
          cycle: found.email.cycle,
          event: "APPROVED",
          actor: agentActor(found.email.userId),
          reason: "with the one-click link in the approval email",
          at: now,
        },
      });
      return { state: "approved", email: found.email } as const;
    })
    .catch((error: unknown) => {
      if (error instanceof Rollback) return error.problem;
      throw error;
    });
}

const CLOSED: LinkProblem = { state: "closed", emailStatus: "unknown", approvalStatus: "unknown" };

/** Undoes the token's use when the email turned out not to be approvable. */
class Rollback extends Error {
  constructor(readonly problem: LinkProblem) {
    super(problem.state);
  }
}

async function loadLink(
  db: Pick<Prisma.TransactionClient, "approvalToken">,
  claims: ApprovalClaims,
): Promise<{ email: LinkEmail; problem: LinkProblem | null } | null> {
  const row = await db.approvalToken.findUnique({
    where: { id: claims.tokenId },
    select: {
      emailId: true,
      usedAt: true,
      email: {
        select: {
          id: true,
          userId: true,
          campaignId: true,
          cycle: true,
          subject: true,
          toName: true,
          toEmail: true,
          htmlStorageKey: true,
          scheduledSendDatetime: true,
          status: true,
          approvalStatus: true,
          approvedAt: true,
          user: { select: { timeZone: true, firstName: true, lastName: true, sendingWindowEnabled: true } },
          campaign: { select: { createdAt: true } },
        },
      },
    },
  });
  // The signature covers both ids; a row of another email would mean a forged pairing.
  if (!row || row.emailId !== claims.emailId) return null;
  const { user, campaign, status, approvalStatus, approvedAt, ...rest } = row.email;
  const email: LinkEmail = {
    ...rest,
    timeZone: user.timeZone,
    sendingWindowEnabled: user.sendingWindowEnabled,
    campaignCreatedAt: campaign.createdAt,
    agentName: `${user.firstName} ${user.lastName}`.trim(),
  };
  let problem: LinkProblem | null = null;
  if (row.usedAt) problem = { state: "used", usedAt: row.usedAt, timeZone: user.timeZone, email };
  else if (approvalStatus === "APPROVED") problem = { state: "already-approved", approvedAt };
  else if (approvalStatus !== "PENDING" || status !== "READY")
    problem = { state: "closed", emailStatus: status, approvalStatus };
  return { email, problem };
}
