import { v7 as uuidv7 } from "uuid";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ArtifactKind } from "@/lib/generated/prisma/enums";

export type NewArtifact = { campaignId: string; cycle: number; kind: ArtifactKind };

/**
 * `INSERT … SELECT` of the PENDING artifact rows a cycle works on; a row that already exists (a
 * retried statement, a redelivered message) is left as it is. `keep` filters the rows when this is
 * a step of a larger statement. Raw SQL for the reason given in insert-history.ts.
 */
export function insertArtifactsSql(
  rows: readonly NewArtifact[],
  keep: Prisma.Sql = Prisma.empty,
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "CampaignArtifact" (id, "campaignId", cycle, kind, "updatedAt")
    SELECT a.id, a.campaign_id, a.cycle, a.kind::"ArtifactKind", now()
    FROM unnest(
      ${rows.map(() => uuidv7())}::uuid[],
      ${rows.map((row) => row.campaignId)}::uuid[],
      ${rows.map((row) => row.cycle)}::int[],
      ${rows.map((row) => row.kind)}::text[]
    ) AS a(id, campaign_id, cycle, kind)
    ${keep}
    ON CONFLICT ("campaignId", cycle, kind) DO NOTHING`;
}

export async function insertArtifacts(
  db: Pick<Prisma.TransactionClient, "$executeRaw">,
  rows: readonly NewArtifact[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.$executeRaw(insertArtifactsSql(rows));
}
