import { v7 as uuidv7 } from "uuid";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { CampaignStatus } from "@/lib/generated/prisma/enums";

export type HistoryRow = {
  campaignId: string;
  cycle: number;
  fromStatus?: CampaignStatus | null;
  toStatus?: CampaignStatus | null;
  event: string;
  actor: string;
  reason?: string | null;
  at: Date;
};

type RawExecutor = Pick<Prisma.TransactionClient, "$executeRaw">;

/**
 * Appends timeline rows in one statement. Raw SQL rather than `createMany` because Prisma compiles
 * every createMany afresh (its query-plan cache skips them), which cost ~5 ms of CPU per call on the
 * hot path; this statement's plan is cached like any other. Ids are UUIDv7, as `@default(uuid(7))`.
 */
export async function insertHistory(db: RawExecutor, rows: readonly HistoryRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.$executeRaw`
    INSERT INTO "CampaignHistory" (id, "campaignId", cycle, "fromStatus", "toStatus", event, actor, reason, at)
    SELECT v.id, v.campaign_id, v.cycle, v.from_status::"CampaignStatus", v.to_status::"CampaignStatus",
      v.event, v.actor, v.reason, v.at
    FROM unnest(
      ${rows.map(() => uuidv7())}::uuid[],
      ${rows.map((row) => row.campaignId)}::uuid[],
      ${rows.map((row) => row.cycle)}::int[],
      ${rows.map((row) => row.fromStatus ?? null)}::text[],
      ${rows.map((row) => row.toStatus ?? null)}::text[],
      ${rows.map((row) => row.event)}::text[],
      ${rows.map((row) => row.actor)}::text[],
      ${rows.map((row) => row.reason ?? null)}::text[],
      ${rows.map((row) => row.at.toISOString())}::timestamptz[]
    ) AS v(id, campaign_id, cycle, from_status, to_status, event, actor, reason, at)`;
}
