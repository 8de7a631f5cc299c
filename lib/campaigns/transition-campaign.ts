import { insertArtifacts } from "@/lib/campaigns/artifacts/insert-artifacts";
import { DATA_ARTIFACT_KINDS, isLegalTransition, statusEventKey } from "@/lib/campaigns/campaign-transitions";
import { insertHistory } from "@/lib/campaigns/insert-history";
import { enqueueEvents } from "@/lib/events/enqueue-event";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ArtifactKind, CampaignStatus, EmailCreationStatus } from "@/lib/generated/prisma/enums";

export class IllegalTransitionError extends Error {
  constructor(from: CampaignStatus, to: CampaignStatus) {
    super(`Illegal campaign transition ${from} → ${to}`);
    this.name = "IllegalTransitionError";
  }
}

/** The columns a transition may set besides its status (never back to null). */
export type TransitionData = {
  nextSendDate?: Date;
  lastSentEmailDatetime?: Date;
  /** Ignored when the transition sets its own (a new cycle: NOT_STARTED; READY_TO_CREATE_EMAIL: PENDING). */
  emailCreationStatus?: EmailCreationStatus;
};

export type TransitionRequest = {
  campaignId: string;
  userId: string;
  from: CampaignStatus;
  to: CampaignStatus;
  /** The cycle the caller saw; the update only applies while it is still current. */
  cycle: number;
  actor: string;
  now: Date;
  reason?: string | null;
  /** Timeline label; STATUS_CHANGED by default, CYCLE_ABANDONED when a cycle is given up. */
  event?: string;
  /** Other columns that change with the status (e.g. nextSendDate after a send). */
  data?: TransitionData;
};

/**
 * Moves a campaign from one status to the next as a compare-and-set (DESIGN.md §3–§4): the update
 * applies only if the campaign is still in `from` and in `cycle`, so two pollers or a redelivered
 * message can never apply it twice. In the same transaction it records the history row, writes the
 * outbox event and creates the rows the new status works on. Returns the campaign's cycle after the
 * transition, or null when someone else moved the campaign first.
 *
 * Must run inside the caller's transaction; it makes no network calls.
 */
export async function transitionCampaign(
  tx: Prisma.TransactionClient,
  request: TransitionRequest,
): Promise<number | null> {
  const [cycle] = await transitionCampaigns(tx, [request]);
  return cycle ?? null;
}

/**
 * transitionCampaign for many campaigns in one go, as the poller moves them: the same
 * compare-and-set per campaign, but one UPDATE for all of them and one insert each for the history,
 * artifact and outbox rows, instead of five statements per campaign. Returns, per request and in
 * order, the new cycle or null.
 * A campaign named twice is moved at most once (the later requests get null).
 */
export async function transitionCampaigns(
  tx: Prisma.TransactionClient,
  requests: readonly TransitionRequest[],
): Promise<(number | null)[]> {
  for (const request of requests) {
    if (!isLegalTransition(request.from, request.to))
      throw new IllegalTransitionError(request.from, request.to);
  }
  // A campaign named twice is moved once: by its first request.
  const seen = new Set<string>();
  const first = new Set(
    requests.filter((request) => !seen.has(request.campaignId) && seen.add(request.campaignId)),
  );
  const moved = first.size > 0 ? await updateCampaigns(tx, [...first]) : new Map<string, number>();
  const results = requests.map((request) =>
    first.has(request) ? (moved.get(request.campaignId) ?? null) : null,
  );
  const applied = requests.flatMap((request, index) => {
    const cycle = results[index];
    return cycle === null || cycle === undefined ? [] : [{ request, cycle }];
  });
  await recordTransitions(tx, applied);
  return results;
}

const startsCycle = (request: TransitionRequest) =>
  request.from === "DORMANT" && request.to === "WAITING_FOR_DATA";

/**
 * One compare-and-set UPDATE for many campaigns, with the columns each one's `data` sets; returns the
 * new cycle of each one moved.
 */
async function updateCampaigns(
  tx: Prisma.TransactionClient,
  requests: readonly TransitionRequest[],
): Promise<Map<string, number>> {
  const rows = await tx.$queryRaw<{ id: string; cycle: number }[]>`
    UPDATE "Campaign" c SET
      status = v.to_status::"CampaignStatus",
      cycle = c.cycle + v.cycle_step,
      "statusChangedAt" = v.at,
      "updatedAt" = v.at,
      "lastNudgedAt" = NULL,
      "emailCreationStatus" = CASE
        WHEN v.cycle_step = 1 THEN 'NOT_STARTED'::"EmailCreationStatus"
        WHEN v.to_status = 'READY_TO_CREATE_EMAIL' THEN 'PENDING'::"EmailCreationStatus"
        ELSE coalesce(v.email_creation_status::"EmailCreationStatus", c."emailCreationStatus") END,
      "nextSendDate" = coalesce(v.next_send_date, c."nextSendDate"),
      "lastSentEmailDatetime" = coalesce(v.last_sent, c."lastSentEmailDatetime")
    FROM unnest(
      ${requests.map((r) => r.campaignId)}::uuid[],
      ${requests.map((r) => r.from)}::text[],
      ${requests.map((r) => r.to)}::text[],
      ${requests.map((r) => r.cycle)}::int[],
      ${requests.map((r) => (startsCycle(r) ? 1 : 0))}::int[],
      ${requests.map((r) => r.now.toISOString())}::timestamptz[],
      ${requests.map((r) => r.data?.emailCreationStatus ?? null)}::text[],
      ${requests.map((r) => r.data?.nextSendDate?.toISOString() ?? null)}::timestamptz[],
      ${requests.map((r) => r.data?.lastSentEmailDatetime?.toISOString() ?? null)}::timestamptz[]
    ) AS v(id, from_status, to_status, cycle, cycle_step, at, email_creation_status, next_send_date, last_sent)
    WHERE c.id = v.id AND c.status = v.from_status::"CampaignStatus" AND c.cycle = v.cycle
    RETURNING c.id, c.cycle`;
  return new Map(rows.map((row) => [row.id, row.cycle]));
}

/** The history rows, the artifacts the new statuses work on, and the outbox events of applied moves. */
async function recordTransitions(
  tx: Prisma.TransactionClient,
  applied: readonly { request: TransitionRequest; cycle: number }[],
): Promise<void> {
  if (applied.length === 0) return;
  await insertHistory(
    tx,
    applied.map(({ request, cycle }) => ({
      campaignId: request.campaignId,
      cycle,
      fromStatus: request.from,
      toStatus: request.to,
      event: request.event ?? "STATUS_CHANGED",
      actor: request.actor,
      reason: request.reason ?? null,
      at: request.now,
    })),
  );
  await insertArtifacts(
    tx,
    applied.flatMap(({ request, cycle }) =>
      artifactKindsFor(request).map((kind) => ({ campaignId: request.campaignId, cycle, kind })),
    ),
  );
  await enqueueEvents(
    tx,
    applied.map(({ request, cycle }) => ({
      envelope: {
        type: "CAMPAIGN_STATUS_CHANGED",
        version: 1,
        campaignId: request.campaignId,
        userId: request.userId,
        cycle,
        fromStatus: request.from,
        toStatus: request.to,
        dedupeKey: statusEventKey(request.campaignId, cycle, request.to),
        occurredAt: request.now.toISOString(),
      },
    })),
  );
}

function artifactKindsFor(request: TransitionRequest): readonly ArtifactKind[] {
  if (startsCycle(request)) return DATA_ARTIFACT_KINDS;
  if (request.to === "WAITING_FOR_HOME_ANALYSIS") return ["HOME_REPORT"];
  return [];
}
