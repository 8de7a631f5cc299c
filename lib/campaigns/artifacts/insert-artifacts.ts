import { v7 as uuidv7 } from "uuid";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ArtifactKind } from "@/lib/generated/prisma/enums";

export type NewArtifact = { campaignId: string; cycle: number; kind: ArtifactKind };

/**
 * Creates the PENDING artifact rows a cycle works on; a row that already exists (a retried
 * transaction, a redelivered message) is left as it is. One raw statement, for the reason given in
 * insert-history.ts (Prisma never caches a createMany plan).
 */
export async function insertArtifacts(
  db: Pick<Prisma.TransactionClient, "$executeRaw">,
  rows: readonly NewArtifact[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.$executeRaw`
    INSERT INTO "CampaignArtifact" (id, "campaignId", cycle, kind, "updatedAt")
    SELECT v.id, v.campaign_id, v.cycle, v.kind::"ArtifactKind", now()
    FROM unnest(
      ${rows.map(() => uuidv7())}::uuid[],
      ${rows.map((row) => row.campaignId)}::uuid[],
      ${rows.map((row) => row.cycle)}::int[],
      ${rows.map((row) => row.kind)}::text[]
    ) AS v(id, campaign_id, cycle, kind)
    ON CONFLICT ("campaignId", cycle, kind) DO NOTHING`;
}
