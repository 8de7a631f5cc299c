import { POLLER_ACTOR, type PollContext } from "@/lib/campaigns/poller/poll-context";
import { schedulingSettingsFor } from "@/lib/campaigns/scheduling-settings";
import { transitionCampaign } from "@/lib/campaigns/transition-campaign";
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
 */
export async function promoteReadyEmails(ctx: PollContext): Promise<number> {
  const candidates = await ctx.db.$queryRaw<Candidate[]>`
    SELECT c.id, c."userId", c.cycle, c."createdAt", e."scheduledSendDatetime", u."timeZone", u."sendingWindowEnabled"
    FROM "Campaign" c
    JOIN "Email" e ON e."campaignId" = c.id AND e.cycle = c.cycle
    JOIN "User" u ON u.id = c."userId"
    WHERE c.status = 'READY_TO_CREATE_EMAIL' AND c."emailCreationStatus" = 'READY'
      AND c.enabled AND c."unsubscribedAt" IS NULL
      AND e.status = 'READY' AND e."approvalStatus" IN ('NOT_REQUIRED', 'APPROVED')
      AND e."scheduledSendDatetime" <= ${ctx.now}
    ORDER BY e."scheduledSendDatetime"
    LIMIT ${ctx.batchSize}`;
  let promoted = 0;
  for (const c of candidates) {
    const verdict = maySendNow(
      {
        now: ctx.now,
        scheduledSendDatetime: c.scheduledSendDatetime,
        campaignCreatedAt: c.createdAt,
        approved: true,
      },
      schedulingSettingsFor(c, ctx.pipeline),
    );
    if (!verdict.ok) continue;
    const moved = await ctx.db.$transaction((tx) =>
      transitionCampaign(tx, {
        campaignId: c.id,
        userId: c.userId,
        from: "READY_TO_CREATE_EMAIL",
        to: "READY_TO_SEND_EMAIL",
        cycle: c.cycle,
        actor: POLLER_ACTOR,
        now: ctx.clock(),
      }),
    );
    if (moved !== null) promoted++;
  }
  return promoted;
}
