import DataLoader from "dataloader";
import {
  batchOptions,
  type CampaignForWork,
  loadCampaignForWork,
  perClient,
} from "@/lib/campaigns/work-batches";
import { jsonbArray, queryRows } from "@/lib/db";
import {
  type ArtifactKind,
  type CampaignStatus,
  Prisma,
  type PrismaClient,
} from "@/lib/generated/prisma/client";

export type { CampaignForWork } from "@/lib/campaigns/work-batches";

/**
 * Batched database work of the artifact producers. A worker handles the messages of one SQS receive
 * concurrently (consume-queue.ts); each handler's produceArtifact asks for its claim and, later, its
 * completion, and DataLoader gathers the requests made within a few milliseconds into one statement each —
 * one claim and one completion per batch instead of six statements per message. Results are exactly
 * what the per-message statements gave: the same compare-and-set conditions, per row.
 */

export type ClaimRequest = {
  campaignId: string;
  cycle: number;
  kind: ArtifactKind;
  expectedStatus: CampaignStatus;
};

export type ClaimResult =
  | { outcome: "claimed"; artifactId: string; campaign: CampaignForWork }
  /** The campaign moved on (other status or cycle) or is gone: the message is stale. */
  | { outcome: "stale" }
  | { outcome: "already-done" }
  /** The campaign is current but the artifact row is missing (the transition creates it). */
  | { outcome: "missing" };

export type ArtifactOutput = {
  payload: Prisma.InputJsonValue;
  source: string;
  zipMarketDataId?: string | null;
  inputTokens?: number | null;
  outputTokens?: number | null;
  /** Estimated USD of the AI calls behind it (lib/ai/bedrock-prices.ts). */
  costUsd?: number | null;
  /** Kept in `error` of a READY artifact: e.g. why the built-in text stands in for an AI text. */
  note?: string | null;
};

type Loaders = {
  claims: DataLoader<ClaimRequest, ClaimResult>;
  completions: DataLoader<{ artifactId: string; output: ArtifactOutput }, boolean>;
};

const loadersByClient = new WeakMap<PrismaClient, Loaders>();

/** The loaders of one Prisma client (one database). Nothing is cached between batches. */
export function artifactBatches(db: PrismaClient): Loaders {
  return perClient(loadersByClient, db, () => ({
    claims: new DataLoader((requests) => claimArtifacts(db, requests), batchOptions),
    completions: new DataLoader((items) => completeArtifacts(db, items), batchOptions),
  }));
}

type ClaimRow = {
  campaignId: string | null;
  artifactId: string | null;
  artifactStatus: string | null;
  claimed: boolean;
};

/**
 * Claims the artifacts whose campaign is still in the expected status and cycle: PENDING (or RUNNING,
 * left by a worker that died) → RUNNING with one more attempt, in one statement for the batch. The
 * claimed campaigns are then read with their agents (loadCampaignForWork, batched too).
 */
async function claimArtifacts(db: PrismaClient, requests: readonly ClaimRequest[]): Promise<ClaimResult[]> {
  const rows = await queryRows<ClaimRow>(
    db,
    Prisma.sql`
    WITH v AS (
      SELECT * FROM unnest(
        ${requests.map((r) => r.campaignId)}::uuid[],
        ${requests.map((r) => r.cycle)}::int[],
        ${requests.map((r) => r.kind)}::text[],
        ${requests.map((r) => r.expectedStatus)}::text[]
      ) WITH ORDINALITY AS v(campaign_id, cycle, kind, status, n)
    ),
    found AS (
      SELECT v.n, c.id AS campaign_id, a.id AS artifact_id, a.status::text AS artifact_status
      FROM v
      LEFT JOIN "Campaign" c ON c.id = v.campaign_id AND c.cycle = v.cycle AND c.status = v.status::"CampaignStatus"
      LEFT JOIN "CampaignArtifact" a ON a."campaignId" = c.id AND a.cycle = c.cycle AND a.kind = v.kind::"ArtifactKind"
    ),
    claimed AS (
      UPDATE "CampaignArtifact" a
      SET status = 'RUNNING', attempts = a.attempts + 1, "startedAt" = now(), "updatedAt" = now()
      FROM found f
      WHERE a.id = f.artifact_id AND a.status IN ('PENDING', 'RUNNING')
      RETURNING a.id
    )
    SELECT f.n, f.campaign_id AS "campaignId", f.artifact_id AS "artifactId",
      f.artifact_status AS "artifactStatus", cl.id IS NOT NULL AS claimed
    FROM found f LEFT JOIN claimed cl ON cl.id = f.artifact_id
    ORDER BY f.n`,
  );
  const claimedIds = [
    ...new Set(rows.filter((row) => row.claimed && row.campaignId).map((row) => row.campaignId as string)),
  ];
  const campaigns = new Map(
    await Promise.all(claimedIds.map(async (id) => [id, await loadCampaignForWork(db, id)] as const)),
  );
  return requests.map((_, index): ClaimResult => {
    const row = rows[index];
    if (!row?.campaignId) return { outcome: "stale" };
    if (!row.artifactId) return { outcome: "missing" };
    if (!row.claimed)
      return {
        outcome: row.artifactStatus === "READY" || row.artifactStatus === "FAILED" ? "already-done" : "stale",
      };
    const campaign = campaigns.get(row.campaignId) ?? null;
    return campaign ? { outcome: "claimed", artifactId: row.artifactId, campaign } : { outcome: "stale" };
  });
}

/** RUNNING (or PENDING) → READY with the outputs, in one statement; false where another worker finished first. */
async function completeArtifacts(
  db: PrismaClient,
  items: readonly { artifactId: string; output: ArtifactOutput }[],
): Promise<boolean[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    Prisma.sql`
    UPDATE "CampaignArtifact" a SET
      status = 'READY', payload = v.payload, source = v.source, "zipMarketDataId" = v.zip_id,
      "inputTokens" = v.input_tokens, "outputTokens" = v.output_tokens, "costUsd" = v.cost_usd,
      error = v.note, "completedAt" = now(), "updatedAt" = now()
    FROM unnest(
      ${items.map((i) => i.artifactId)}::uuid[],
      ${jsonbArray(items.map((i) => i.output.payload))},
      ${items.map((i) => i.output.source)}::text[],
      ${items.map((i) => i.output.zipMarketDataId ?? null)}::uuid[],
      ${items.map((i) => i.output.inputTokens ?? null)}::int[],
      ${items.map((i) => i.output.outputTokens ?? null)}::int[],
      ${items.map((i) => i.output.costUsd ?? null)}::float8[],
      ${items.map((i) => i.output.note ?? null)}::text[]
    ) AS v(id, payload, source, zip_id, input_tokens, output_tokens, cost_usd, note)
    WHERE a.id = v.id AND a.status IN ('PENDING', 'RUNNING')
    RETURNING a.id`,
  );
  const done = new Set(rows.map((row) => row.id));
  return items.map((item) => done.has(item.artifactId));
}
