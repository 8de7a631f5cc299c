import { suppressAddress } from "@/lib/emails/suppress-address";
import { verifyUnsubscribeToken } from "@/lib/emails/unsubscribe-link";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

export const HOMEOWNER_ACTOR = "HOMEOWNER";

export type UnsubscribeResult =
  | { state: "unsubscribed" | "already"; agentName: string; email: string }
  /** The campaign was deleted: nothing is sent to it anyway. */
  | { state: "gone" }
  | { state: "invalid" };

/**
 * A homeowner's unsubscribe (DESIGN.md §6, RFC 8058), honoured at once: the token names the campaign;
 * its address is suppressed for that agent, the agent's campaigns to it stop, and unsent emails are
 * canceled. `via` records how (one-click POST from the mail client, or the footer link's page).
 */
export async function unsubscribeHomeowner(
  deps: { db: PrismaClient; secret: string; now: Date },
  token: string,
  via: "one-click" | "page",
): Promise<UnsubscribeResult> {
  const campaignId = await verifyUnsubscribeToken(token, deps.secret);
  if (!campaignId) return { state: "invalid" };
  return deps.db.$transaction(async (tx) => {
    const campaign = await readSubscription(tx, campaignId);
    if (!campaign) return { state: "gone" } as const;
    await suppressAddress(tx, {
      userId: campaign.userId,
      email: campaign.email,
      reason: "UNSUBSCRIBED",
      source: via,
      actor: HOMEOWNER_ACTOR,
      now: deps.now,
    });
    const { agentName, email } = campaign;
    return { state: campaign.unsubscribed ? "already" : "unsubscribed", agentName, email } as const;
  });
}

export type UnsubscribeLinkState =
  | { state: "subscribed" | "unsubscribed"; agentName: string; email: string }
  | { state: "gone" }
  | { state: "invalid" };

/** What the footer link's page shows before and after the unsubscribe; reads only. */
export async function unsubscribeLinkState(
  deps: { db: PrismaClient; secret: string },
  token: string,
): Promise<UnsubscribeLinkState> {
  const campaignId = await verifyUnsubscribeToken(token, deps.secret);
  if (!campaignId) return { state: "invalid" };
  const campaign = await readSubscription(deps.db, campaignId);
  if (!campaign) return { state: "gone" };
  const { agentName, email } = campaign;
  return { state: campaign.unsubscribed ? "unsubscribed" : "subscribed", agentName, email };
}

/** The campaign's homeowner and agent, and whether the unsubscribe is complete (both marks set). */
async function readSubscription(
  db: Pick<Prisma.TransactionClient, "campaign" | "suppression">,
  campaignId: string,
) {
  const campaign = await db.campaign.findUnique({
    where: { id: campaignId },
    select: {
      userId: true,
      clientEmail: true,
      unsubscribedAt: true,
      user: { select: { firstName: true, lastName: true } },
    },
  });
  if (!campaign) return null;
  const suppressed = await db.suppression.findUnique({
    where: { userId_email: { userId: campaign.userId, email: campaign.clientEmail } },
    select: { id: true },
  });
  return {
    userId: campaign.userId,
    email: campaign.clientEmail,
    agentName: `${campaign.user.firstName} ${campaign.user.lastName}`.trim(),
    unsubscribed: campaign.unsubscribedAt !== null && suppressed !== null,
  };
}
