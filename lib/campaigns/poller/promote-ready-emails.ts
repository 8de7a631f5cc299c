import { POLLER_ACTOR, type PollContext } from "@/lib/campaigns/poller/poll-context";
import { transitionInChunks } from "@/lib/campaigns/poller/transition-in-chunks";
import { schedulingSettingsFor } from "@/lib/campaigns/scheduling-settings";
import { queryRows } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { maySendNow } from "@/lib/scheduling/may-send-now";

type Candidate = {
  id: string;
  userId: string;
  cycle: number;
  createdAt: Date;
  scheduledSendDatetime: Date;
  timeZone: string;
  sendingWindowEnabled: boolean;
};

/**
 * READY_TO_CREATE_EMAIL → READY_TO_SEND_EMAIL (DESIGN.md §4): the cycle's email is READY and
 * approved (or needs no approval), the campaign is enabled, and the scheduling rules allow it now:
 * first-time delay passed, scheduled time reached, inside the agent's sending window.
 * The database narrows to approved emails whose time has come; the window is checked per agent zone.
 *
 * The due emails are read first, in send-time order, from Email(status, scheduledSendDatetime), and
 * their campaigns then by primary key. Joined without that inner LIMIT, the planner cannot know that
 * the READY emails due by now are few (their status and send time are correlated: past emails are
 * COMPLETE, waiting ones are in the future) and, with a month of history in Email, hash-joined every
 * campaign waiting for its send time — ~7 % of all of them with a 48 h lead, 200 ms at a million
 * (docs/poller-query-plans.md). The inner query skips the emails an earlier tick already promoted
 * that the sender has not claimed yet (still READY): without that, a backlog of more than the inner
 * LIMIT of them (a burst, or mail held back by an agent's Gmail budget) filled the LIMIT on every
 * tick and no other email was promoted until it drained. It looks each one's campaign up by primary
 * key in a scalar subquery, which the planner cannot turn into a join: written as EXISTS, it became
 * the hash join of every campaign waiting for its send time described above.
 */
export async function promoteReadyEmails(ctx: PollContext): Promise<number> {
  const candidates = await queryRows<Candidate>(
    ctx.db,
    Prisma.sql`
    SELECT c.id, c."userId", c.cycle, c."createdAt", e."scheduledSendDatetime", u."timeZone", u."sendingWindowEnabled"
    FROM (
      SELECT r."campaignId", r.cycle, r."scheduledSendDatetime" FROM "Email" r
      WHERE r.status = 'READY' AND r."approvalStatus" IN ('NOT_REQUIRED', 'APPROVED')
        AND r."scheduledSendDatetime" <= ${ctx.now}
        AND (SELECT w.status FROM "Campaign" w WHERE w.id = r."campaignId" AND w.cycle = r.cycle)
          = 'READY_TO_CREATE_EMAIL'
      ORDER BY r."scheduledSendDatetime"
      LIMIT ${2 * ctx.batchSize}) e
    JOIN "Campaign" c ON c.id = e."campaignId" AND c.cycle = e.cycle
    JOIN "User" u ON u.id = c."userId"
    WHERE c.status = 'READY_TO_CREATE_EMAIL' AND c."emailCreationStatus" = 'READY'
      AND c.enabled AND c."unsubscribedAt" IS NULL
    ORDER BY e."scheduledSendDatetime"
    LIMIT ${ctx.batchSize}`,
  );
  const now = ctx.clock();
  const due = candidates.filter(
    (c) =>
      maySendNow(
        {
          now: ctx.now,
          scheduledSendDatetime: c.scheduledSendDatetime,
          campaignCreatedAt: c.createdAt,
          approved: true,
        },
        schedulingSettingsFor(c, ctx.pipeline),
      ).ok,
  );
  const moved = await transitionInChunks(
    ctx,
    due.map((c) => ({
      campaignId: c.id,
      userId: c.userId,
      from: "READY_TO_CREATE_EMAIL" as const,
      to: "READY_TO_SEND_EMAIL" as const,
      cycle: c.cycle,
      actor: POLLER_ACTOR,
      now,
    })),
  );
  const promoted = moved.filter((cycle) => cycle !== null).length;
  return promoted;
}
