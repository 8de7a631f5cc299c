import { insertArtifactsSql, type NewArtifact } from "@/lib/campaigns/artifacts/insert-artifacts";
import { DATA_ARTIFACT_KINDS, isLegalTransition, statusEventKey } from "@/lib/campaigns/campaign-transitions";
import { type HistoryRow, insertHistorySql } from "@/lib/campaigns/insert-history";
import { queryRows, type SqlClient } from "@/lib/db";
import { enqueueEventsSql, type OutboxEntry } from "@/lib/events/enqueue-event";
import { Prisma } from "@/lib/generated/prisma/client";
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
 * message can never apply it twice. In the same statement it records the history row, writes the
 * outbox event and creates the rows the new status works on. Returns the campaign's cycle after the
 * transition, or null when someone else moved the campaign first.
 *
 * Runs on the client or inside the caller's transaction (with the caller's other writes); it makes no
 * network calls.
 */
export async function transitionCampaign(tx: SqlClient, request: TransitionRequest): Promise<number | null> {
  const [cycle] = await transitionCampaigns(tx, [request]);
  return cycle ?? null;
}

/**
 * transitionCampaign for many campaigns in one statement, as the poller and the batched consumers
 * move them, instead of five statements per campaign. Returns, per request and in order, the new
 * cycle or null. A campaign named twice is moved at most once (the later requests get null).
 */
export async function transitionCampaigns(
  tx: SqlClient,
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
  const moved = first.size > 0 ? await moveAndRecord(tx, [...first]) : new Map<string, number>();
  return requests.map((request) => (first.has(request) ? (moved.get(request.campaignId) ?? null) : null));
}

const startsCycle = (request: TransitionRequest) =>
  request.from === "DORMANT" && request.to === "WAITING_FOR_DATA";

/**
 * One statement for the whole batch: the compare-and-set UPDATE (with the columns each request's
 * `data` sets), and, for the campaigns it moved, the history rows, the artifacts the new status works
 * on and the outbox events. One statement is atomic without a transaction of its own, and saves the
 * four round trips (and BEGIN/COMMIT) that separate statements took. Everything inserted is built
 * beforehand from the cycle the move gives (the UPDATE only applies while the cycle is the one
 * expected); the inserts keep the rows of campaigns that moved. Returns the new cycle of each.
 */
async function moveAndRecord(
  tx: SqlClient,
  requests: readonly TransitionRequest[],
): Promise<Map<string, number>> {
  const applied = requests.map((request) => ({
    request,
    cycle: request.cycle + (startsCycle(request) ? 1 : 0),
  }));
  const keep = Prisma.sql`WHERE campaign_id IN (SELECT id FROM moved)`;
  const rows = await queryRows<{ id: string; cycle: number }>(
    tx,
    Prisma.sql`
    WITH moved AS (
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
      ) AS v(id, from_status, to_status, cycle, cycle_step, at, email_creation_status, next_send_date,
        last_sent)
      WHERE c.id = v.id AND c.status = v.from_status::"CampaignStatus" AND c.cycle = v.cycle
      RETURNING c.id, c.cycle
    ),
    history AS (${insertHistorySql(applied.map(historyRow), keep)}),
    artifacts AS (${insertArtifactsSql(applied.flatMap(artifactRows), keep)}),
    events AS (${enqueueEventsSql(applied.map(statusEvent), keep)})
    SELECT id, cycle FROM moved`,
  );
  return new Map(rows.map((row) => [row.id, row.cycle]));
}

type Applied = { request: TransitionRequest; cycle: number };

function historyRow({ request, cycle }: Applied): HistoryRow {
  return {
    campaignId: request.campaignId,
    cycle,
    fromStatus: request.from,
    toStatus: request.to,
    event: request.event ?? "STATUS_CHANGED",
    actor: request.actor,
    reason: request.reason ?? null,
    at: request.now,
  };
}

function artifactRows({ request, cycle }: Applied): NewArtifact[] {
  return artifactKindsFor(request).map((kind) => ({ campaignId: request.campaignId, cycle, kind }));
}

function statusEvent({ request, cycle }: Applied): OutboxEntry {
  return {
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
  };
}

function artifactKindsFor(request: TransitionRequest): readonly ArtifactKind[] {
  if (startsCycle(request)) return DATA_ARTIFACT_KINDS;
  if (request.to === "WAITING_FOR_HOME_ANALYSIS") return ["HOME_REPORT"];
  return [];
}
