import type DataLoader from "dataloader";
import { batchLoader } from "@/lib/campaigns/work-batches";
import { queryRows } from "@/lib/db";
import { type Email, Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { EmailProvider, SuppressionReason } from "@/lib/generated/prisma/enums";

/**
 * The sender's reads (the cycle's email, a suppression of its address) and its two compare-and-set
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
type AddressKey = { userId: string; email: string };
const suppressionLoaders = new WeakMap<PrismaClient, DataLoader<AddressKey, SuppressionReason | null>>();
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

/** Why the agent may not mail this address (exactly as stored, lowercase), or null when it may. */
export function loadSuppression(db: PrismaClient, key: AddressKey): Promise<SuppressionReason | null> {
  const loader = batchLoader(suppressionLoaders, db, async (keys) => {
    const rows = await queryRows<AddressKey & { reason: SuppressionReason }>(
      db,
      Prisma.sql`
        SELECT s."userId", s.email, s.reason::text AS reason
        FROM unnest(${keys.map((k) => k.userId)}::uuid[], ${keys.map((k) => k.email)}::text[])
          AS k(user_id, email)
        JOIN "Suppression" s ON s."userId" = k.user_id AND s.email = k.email`,
    );
    return keys.map(
      (k) => rows.find((row) => row.userId === k.userId && row.email === k.email)?.reason ?? null,
    );
  });
  return loader.load(key);
}

/** READY (or SENDING held by this worker) → SENDING with a lease and the chosen provider. */
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
