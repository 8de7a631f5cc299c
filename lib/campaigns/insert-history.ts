import { v7 as uuidv7 } from "uuid";
import { Prisma } from "@/lib/generated/prisma/client";
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

/**
 * `INSERT … SELECT` of timeline rows, for one statement of its own or a step of a larger one
 * (transitionCampaigns filters `source` down to the campaigns it moved). Raw SQL rather than
 * `createMany` because Prisma compiles every createMany afresh (its query-plan cache skips them),
 * which cost ~5 ms of CPU per call on the hot path. Ids are UUIDv7, as `@default(uuid(7))`.
 */
export function insertHistorySql(rows: readonly HistoryRow[], keep: Prisma.Sql = Prisma.empty): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "CampaignHistory" (id, "campaignId", cycle, "fromStatus", "toStatus", event, actor, reason, at)
    SELECT h.id, h.campaign_id, h.cycle, h.from_status::"CampaignStatus", h.to_status::"CampaignStatus",
      h.event, h.actor, h.reason, h.at
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
    ) AS h(id, campaign_id, cycle, from_status, to_status, event, actor, reason, at)
    ${keep}`;
}
