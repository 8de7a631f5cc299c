import DataLoader from "dataloader";
import { type TransitionRequest, transitionCampaigns } from "@/lib/campaigns/transition-campaign";
import { queryRows } from "@/lib/db";
import { type Campaign, Prisma, type PrismaClient, type User } from "@/lib/generated/prisma/client";

/**
 * Database work that the consumers' handlers share, batched across the messages of one SQS receive
 * (consume-queue.ts handles them concurrently): DataLoader gathers the requests made in the same tick
 * (or within BATCH_WINDOW_MS) into one query or one transaction. Each request gets exactly what its own statement would have
 * given; nothing is cached between batches.
 */

/** The campaign as the consumers work on it: its agent included. */
export type CampaignForWork = Prisma.CampaignGetPayload<{ include: { user: true } }>;

const MAX_BATCH = 100;

/**
 * How long a batch stays open. The messages of one receive finish their vendor calls, rendering and
 * S3 at slightly different moments, so a batch of "the same tick" often held one request; a few
 * milliseconds gather most of a receive's requests into one statement, for as little added latency.
 */
export const BATCH_WINDOW_MS = 5;

/** DataLoader options for write-through batches: nothing cached, a short gathering window. */
export const batchOptions = {
  cache: false,
  maxBatchSize: MAX_BATCH,
  batchScheduleFn: (run: () => void) => setTimeout(run, BATCH_WINDOW_MS),
} as const;

/**
 * One value per key object, made on first use: per Prisma client (each test database has its own),
 * or per any other object whose lifetime the value should share.
 */
export function perClient<K extends object, T>(cache: WeakMap<K, T>, key: K, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

/**
 * The loader of one kind of batched work for a Prisma client, made on first use: `batch` runs on the
 * requests made within BATCH_WINDOW_MS and answers each, in order. Loaders never cache.
 */
export function batchLoader<K, V>(
  cache: WeakMap<PrismaClient, DataLoader<K, V>>,
  db: PrismaClient,
  batch: (requests: readonly K[]) => Promise<V[]>,
): DataLoader<K, V> {
  return perClient(cache, db, () => new DataLoader(batch, batchOptions));
}

const campaignLoaders = new WeakMap<PrismaClient, DataLoader<string, CampaignForWork | null>>();

/** The campaign with its agent, or null when it does not exist (read with the others of the tick). */
export function loadCampaignForWork(db: PrismaClient, campaignId: string): Promise<CampaignForWork | null> {
  return batchLoader(campaignLoaders, db, (ids) => readCampaignsForWork(db, ids)).load(campaignId);
}

/** Straight to the pool (queryRows): this read runs for every message the consumers handle. */
async function readCampaignsForWork(
  db: PrismaClient,
  ids: readonly string[],
): Promise<(CampaignForWork | null)[]> {
  const campaigns = await queryRows<Campaign>(
    db,
    Prisma.sql`SELECT * FROM "Campaign" WHERE id = ANY(${[...ids]}::uuid[])`,
  );
  const userIds = [...new Set(campaigns.map((campaign) => campaign.userId))];
  const users =
    userIds.length === 0
      ? []
      : await queryRows<User>(db, Prisma.sql`SELECT * FROM "User" WHERE id = ANY(${userIds}::uuid[])`);
  const userById = new Map(users.map((user) => [user.id, user]));
  const byId = new Map<string, CampaignForWork>();
  for (const campaign of campaigns) {
    const user = userById.get(campaign.userId);
    if (user) byId.set(campaign.id, { ...campaign, user });
  }
  return ids.map((id) => byId.get(id) ?? null);
}

const transitionLoaders = new WeakMap<PrismaClient, DataLoader<TransitionRequest, number | null>>();

/**
 * transitionCampaign in a statement shared with the other transitions requested in the same few
 * milliseconds (transitionCampaigns). Resolves to the new cycle, or null when the campaign had moved
 * on. If the shared statement fails, every request in it rejects, and none of them was applied.
 */
export function transitionSoon(db: PrismaClient, request: TransitionRequest): Promise<number | null> {
  return batchLoader(transitionLoaders, db, (requests) => transitionCampaigns(db, requests)).load(request);
}
