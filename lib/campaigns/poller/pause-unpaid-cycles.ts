import { type BillingGateAgent, billingAllowsSql, billingGate } from "@/lib/billing/billing-gate";
import { insertHistorySql } from "@/lib/campaigns/insert-history";
import { POLLER_ACTOR, type PollContext } from "@/lib/campaigns/poller/poll-context";
import { schedulingSettingsFor } from "@/lib/campaigns/scheduling-settings";
import { queryRows, rawTransaction } from "@/lib/db";
import { formatDateTime } from "@/lib/format";
import { Prisma } from "@/lib/generated/prisma/client";
import { nextSendDateOnReEnable } from "@/lib/scheduling/re-enable";

/**
 * Billing's pause (issue 16). A campaign whose agent billing does not let send (billing-gate.ts)
 * starts no cycle; once its send date itself has passed unpaid, that date is given up: the campaign
 * moves to its next send date (the date re-enabling would give, re-enable.ts) with a timeline entry
 * saying why. So when payment resumes it goes on from its next send date, with no burst of late
 * emails, and the due-cycle scan does not read these campaigns again every tick.
 *
 * Left alone: a campaign whose send date is still ahead (paying before it still sends that email,
 * prepared from then) and one that never sent (its first email starts once paid).
 */
export async function pauseUnpaidCycles(ctx: PollContext): Promise<number> {
  if (!ctx.billing) return 0;
  const billing = ctx.billing;
  return rawTransaction(ctx.db, async (tx) => {
    const overdue = await queryRows<
      BillingGateAgent & {
        id: string;
        cycle: number;
        fixedSendDay: number;
        nextSendDate: Date;
        lastSentEmailDatetime: Date;
        timeZone: string;
        sendingWindowEnabled: boolean;
      }
    >(
      tx,
      Prisma.sql`
      SELECT c.id, c.cycle, c."fixedSendDay", c."nextSendDate", c."lastSentEmailDatetime",
        u."timeZone", u."sendingWindowEnabled", u."managedClientId", u."subscriptionStatus",
        u."subscriptionPastDueSince"
      FROM "Campaign" c JOIN "User" u ON u.id = c."userId"
      WHERE c.status = 'DORMANT' AND c."nextSendDate" <= ${ctx.now}
        AND c.enabled AND c."unsubscribedAt" IS NULL AND c."lastSentEmailDatetime" IS NOT NULL
        AND u."deletedAt" IS NULL AND NOT ${billingAllowsSql(billing, ctx.now)}
      ORDER BY c."nextSendDate"
      LIMIT ${ctx.batchSize}
      FOR UPDATE OF c SKIP LOCKED`,
    );
    if (overdue.length === 0) return 0;
    const moves = overdue.map((campaign) => {
      const gate = billingGate(campaign, billing, ctx.now);
      const next = nextSendDateOnReEnable(
        { lastSentAt: campaign.lastSentEmailDatetime, now: ctx.now, fixedSendDay: campaign.fixedSendDay },
        schedulingSettingsFor(campaign, ctx.pipeline),
      );
      const why = gate.gated ? gate.reason : "Billing does not let this account send.";
      return {
        campaign,
        next,
        reason: `The email for ${formatDateTime(campaign.nextSendDate, campaign.timeZone)} was not prepared. ${why} Next send date: ${formatDateTime(next, campaign.timeZone)}.`,
      };
    });
    const moved = await queryRows<{ id: string }>(
      tx,
      Prisma.sql`
      UPDATE "Campaign" c SET "nextSendDate" = m.next
      FROM unnest(${moves.map((m) => m.campaign.id)}::uuid[], ${moves.map((m) => m.next.toISOString())}::timestamptz[])
        AS m(id, next)
      WHERE c.id = m.id AND c.status = 'DORMANT'
      RETURNING c.id`,
    );
    const ids = new Set(moved.map((row) => row.id));
    const at = ctx.clock();
    const history = moves
      .filter((m) => ids.has(m.campaign.id))
      .map((m) => ({
        campaignId: m.campaign.id,
        cycle: m.campaign.cycle,
        event: "PAUSED_FOR_BILLING",
        actor: POLLER_ACTOR,
        reason: m.reason,
        at,
      }));
    if (history.length > 0) await queryRows(tx, insertHistorySql(history));
    return history.length;
  });
}
