import type { Prisma } from "@/lib/generated/prisma/client";
import type { SuppressionReason } from "@/lib/generated/prisma/enums";

/**
 * Stops all mail from one agent to one address (DESIGN.md §6), inside the caller's transaction:
 * records the suppression (the sender checks it again at send time), cancels every unsent email to
 * the address, and stops the agent's campaigns for it — marked unsubscribed when the homeowner asked,
 * disabled when the address bounced or complained. The poller returns a campaign caught mid-cycle to
 * DORMANT. Idempotent: a second call finds nothing left to change.
 */
export async function suppressAddress(
  tx: Prisma.TransactionClient,
  input: {
    userId: string;
    email: string;
    reason: SuppressionReason;
    source: string;
    actor: string;
    now: Date;
  },
): Promise<{ campaignsStopped: number; emailsCanceled: number }> {
  const email = input.email.trim().toLowerCase();
  const { userId, now } = input;
  await tx.suppression.createMany({
    data: [{ userId, email, reason: input.reason, source: input.source, createdAt: now }],
    skipDuplicates: true,
  });
  const unsubscribed = input.reason === "UNSUBSCRIBED" || input.reason === "SPAM_COMPLAINT";
  const campaigns = await tx.campaign.findMany({
    where: { userId, clientEmail: email, ...(unsubscribed ? { unsubscribedAt: null } : { enabled: true }) },
    select: { id: true, cycle: true },
  });
  const canceled = await tx.email.updateMany({
    where: { userId, toEmail: email, status: "READY" },
    data: { status: "CANCELED", error: `Address suppressed: ${describeReason(input.reason)}` },
  });
  if (campaigns.length === 0) return { campaignsStopped: 0, emailsCanceled: canceled.count };
  await tx.campaign.updateMany({
    where: { id: { in: campaigns.map((c) => c.id) } },
    data: unsubscribed ? { unsubscribedAt: now } : { enabled: false, nextSendDate: null },
  });
  await tx.campaignHistory.createMany({
    data: campaigns.map((c) => ({
      campaignId: c.id,
      cycle: c.cycle,
      event: unsubscribed ? "UNSUBSCRIBED" : "DISABLED",
      actor: input.actor,
      reason: `${email}: ${describeReason(input.reason)}`,
      at: now,
    })),
  });
  return { campaignsStopped: campaigns.length, emailsCanceled: canceled.count };
}

export function describeReason(reason: SuppressionReason): string {
  switch (reason) {
    case "UNSUBSCRIBED":
      return "the homeowner unsubscribed";
    case "HARD_BOUNCE":
      return "the address bounced (it does not accept mail)";
    case "SPAM_COMPLAINT":
      return "the homeowner marked an email as spam";
    case "MANUAL":
      return "suppressed by hand";
  }
}
