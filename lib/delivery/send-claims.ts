import type DataLoader from "dataloader";
import { batchLoader } from "@/lib/campaigns/work-batches";
import { queryRows } from "@/lib/db";
import { type Email, Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { EmailProvider, SuppressionReason } from "@/lib/generated/prisma/enums";

/**
 * The sender's read of the cycle's email and its two compare-and-set
 * updates of an email, each batched with the same work of the other emails sent in the same few
 * milliseconds (one statement for a receive's emails instead of one each; see work-batches.ts).
 * Each update request gets exactly what its own `updateMany`, run in the batch's order, would have
 * said: whether the row matched. An email named twice in one batch (a duplicated
 * SQS message) goes into a second statement, after the first request for it was applied.
 */

export type ClaimRequest = {
  emailId: string;
  workerId: string;
  /** True when this sender already holds the email (it took over an expired claim): SENDING by it. */
  held: boolean;
  leaseEnd: Date;
  provider: EmailProvider;
  fallbackReason: string | null;
};

export type RecordRequest = { emailId: string; workerId: string; providerMessageId: string; sentAt: Date };

type CycleKey = { campaignId: string; cycle: number };
const emailLoaders = new WeakMap<PrismaClient, DataLoader<CycleKey, Email | null>>();
const claimLoaders = new WeakMap<PrismaClient, DataLoader<ClaimRequest, boolean>>();
const recordLoaders = new WeakMap<PrismaClient, DataLoader<RecordRequest, boolean>>();

/** The email of a campaign's cycle, or null, read with the other senders' of the same moment. */
export function loadCycleEmail(db: PrismaClient, key: CycleKey): Promise<Email | null> {
  const loader = batchLoader(emailLoaders, db, async (keys) => {
    const rows = await queryRows<Email>(
      db,
      Prisma.sql`
        SELECT e.* FROM unnest(${keys.map((k) => k.campaignId)}::uuid[], ${keys.map((k) => k.cycle)}::int[])
          AS k(campaign_id, cycle)
        JOIN "Email" e ON e."campaignId" = k.campaign_id AND e.cycle = k.cycle`,
    );
    return keys.map(
      (k) => rows.find((row) => row.campaignId === k.campaignId && row.cycle === k.cycle) ?? null,
    );
  });
  return loader.load(key);
}

/** Why an email must not go out now (the sender then cancels it), or that its claim is no longer ours. */
export type SendingStopped = { kind: "blocked"; reason: string } | { kind: "claim-lost" };

/**
 * Asked again right before a retry (and when a claim was refused): the email is still the caller's
 * (SENDING by `workerId`, or READY when `workerId` is null), the address is not suppressed for the
 * agent, and the campaign is enabled and not unsubscribed. Null when the email may go out.
 */
export async function recheckBeforeSending(
  db: PrismaClient,
  request: { emailId: string; workerId: string | null },
): Promise<SendingStopped | null> {
  const [row] = await queryRows<{
    status: string;
    claimedBy: string | null;
    toEmail: string;
    enabled: boolean;
    unsubscribed: boolean;
    suppressed: SuppressionReason | null;
  }>(
    db,
    Prisma.sql`
    SELECT e.status::text AS status, e."claimedBy", e."toEmail", c.enabled,
      c."unsubscribedAt" IS NOT NULL AS unsubscribed, s.reason::text AS suppressed
    FROM "Email" e
    JOIN "Campaign" c ON c.id = e."campaignId"
    LEFT JOIN "Suppression" s ON s."userId" = e."userId" AND s.email = e."toEmail"
    WHERE e.id = ${request.emailId}::uuid`,
  );
  if (!row) return { kind: "claim-lost" };
  const ours = request.workerId
    ? row.status === "SENDING" && row.claimedBy === request.workerId
    : row.status === "READY";
  if (!ours) return { kind: "claim-lost" };
  if (row.suppressed)
    return {
      kind: "blocked",
      reason: `${row.toEmail} is suppressed (${row.suppressed.toLowerCase().replaceAll("_", " ")})`,
    };
  if (!row.enabled) return { kind: "blocked", reason: "campaign disabled" };
  if (row.unsubscribed) return { kind: "blocked", reason: "homeowner unsubscribed" };
  return null;
}

/**
 * READY (or SENDING held by this worker) → SENDING with a lease and the chosen provider, only while
 * the campaign is enabled and not unsubscribed and the agent has not suppressed the address. False
 * when the email was not claimed; recheckBeforeSending then says whether it is blocked.
 */
export function claimEmailForSending(db: PrismaClient, request: ClaimRequest): Promise<boolean> {
  const loader = batchLoader(claimLoaders, db, (requests) =>
    inRounds(requests, (round) => claimRound(db, round)),
  );
  return loader.load(request);
}

/** SENDING held by this worker → COMPLETE with the provider's id. */
export function recordEmailSent(db: PrismaClient, request: RecordRequest): Promise<boolean> {
  const loader = batchLoader(recordLoaders, db, (requests) =>
    inRounds(requests, (round) => recordRound(db, round)),
  );
  return loader.load(request);
}

/** One statement for requests naming distinct emails; resolves to the ids of the rows updated. */
async function claimRound(db: PrismaClient, distinct: readonly ClaimRequest[]): Promise<Set<string>> {
  const rows = await queryRows<{ id: string }>(
    db,
    Prisma.sql`
    UPDATE "Email" e SET status = 'SENDING', "claimedBy" = v.worker_id, "claimExpiresAt" = v.lease_end,
      provider = v.provider::"EmailProvider", "fallbackReason" = v.fallback_reason,
      "sendAttempts" = e."sendAttempts" + 1, "updatedAt" = now()
    FROM unnest(
      ${distinct.map((r) => r.emailId)}::uuid[],
      ${distinct.map((r) => r.workerId)}::text[],
      ${distinct.map((r) => r.held)}::boolean[],
      ${distinct.map((r) => r.leaseEnd.toISOString())}::timestamptz[],
      ${distinct.map((r) => r.provider)}::text[],
      ${distinct.map((r) => r.fallbackReason)}::text[]
    ) AS v(id, worker_id, held, lease_end, provider, fallback_reason)
    WHERE e.id = v.id
      AND CASE WHEN v.held THEN e.status = 'SENDING' AND e."claimedBy" = v.worker_id
               ELSE e.status = 'READY' END
      -- The last moment before the provider is called: unsubscribing, disabling and suppressing
      -- cancel READY emails, but not one a sender read a moment ago or already holds.
      AND EXISTS (SELECT 1 FROM "Campaign" c
                  WHERE c.id = e."campaignId" AND c.enabled AND c."unsubscribedAt" IS NULL)
      AND NOT EXISTS (SELECT 1 FROM "Suppression" s WHERE s."userId" = e."userId" AND s.email = e."toEmail")
    RETURNING e.id`,
  );
  return new Set(rows.map((row) => row.id));
}

async function recordRound(db: PrismaClient, distinct: readonly RecordRequest[]): Promise<Set<string>> {
  const rows = await queryRows<{ id: string }>(
    db,
    Prisma.sql`
    UPDATE "Email" e SET status = 'COMPLETE', "providerMessageId" = v.provider_message_id,
      "sentAt" = v.sent_at, "claimExpiresAt" = NULL, error = NULL, "updatedAt" = now()
    FROM unnest(
      ${distinct.map((r) => r.emailId)}::uuid[],
      ${distinct.map((r) => r.workerId)}::text[],
      ${distinct.map((r) => r.providerMessageId)}::text[],
      ${distinct.map((r) => r.sentAt.toISOString())}::timestamptz[]
    ) AS v(id, worker_id, provider_message_id, sent_at)
    WHERE e.id = v.id AND e.status = 'SENDING' AND e."claimedBy" = v.worker_id
    RETURNING e.id`,
  );
  return new Set(rows.map((row) => row.id));
}

/** Runs `round` on the first request of each email, then on the next ones, until all have run. */
async function inRounds<R extends { emailId: string }>(
  requests: readonly R[],
  round: (distinct: readonly R[]) => Promise<Set<string>>,
): Promise<boolean[]> {
  const results = new Map<R, boolean>();
  let pending = [...requests];
  while (pending.length > 0) {
    const seen = new Set<string>();
    const distinct = pending.filter((request) => !seen.has(request.emailId) && seen.add(request.emailId));
    const updated = await round(distinct);
    for (const request of distinct) results.set(request, updated.has(request.emailId));
    pending = pending.filter((request) => !results.has(request));
  }
  return requests.map((request) => results.get(request) ?? false);
}
