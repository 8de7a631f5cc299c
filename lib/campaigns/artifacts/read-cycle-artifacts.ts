import type DataLoader from "dataloader";
import { writtenText } from "@/lib/ai/types";
import { batchLoader } from "@/lib/campaigns/work-batches";
import { queryRows } from "@/lib/db";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { listingSummary, marketStats, valuation } from "@/lib/market-data/types";

/**
 * The READY artifacts of one cycle, parsed back into their types. A payload that no longer matches
 * its schema is treated as missing (and logged by the caller's fallbacks), never trusted blindly.
 */
export async function readCycleArtifacts(db: PrismaClient, campaignId: string, cycle: number) {
  const rows = await readyArtifactsLoader(db).load({ campaignId, cycle });
  const payloadOf = (kind: string) => rows.find((row) => row.kind === kind)?.payload;
  const parse = <T>(
    schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
    value: unknown,
  ) => {
    if (value === undefined || value === null) return null;
    const result = schema.safeParse(value);
    return result.success ? result.data : null;
  };
  return {
    market: parse(marketStats, payloadOf("LOCAL_MARKET")),
    listings: parse(listingSummary.array(), payloadOf("ACTIVE_LISTINGS")) ?? [],
    sales: parse(listingSummary.array(), payloadOf("RECENT_SALES")) ?? [],
    valuation: parse(valuation, payloadOf("PROPERTY_VALUATION")),
    intro: parse(writtenText, payloadOf("INTRO")),
    homeReport: parse(writtenText, payloadOf("HOME_REPORT")),
    sources: Object.fromEntries(rows.map((row) => [row.kind, row.source])),
  };
}

/**
 * The value shown in the last email the client actually received (status COMPLETE), for the "since
 * my last update" line; null before the first one. An email that was canceled, skipped, expired or
 * failed never reached the client: comparing with it would report a change they never saw
 * (issue 15), so the comparison goes back to the last email that went out, however many cycles ago.
 */
export async function lastSentValue(
  db: PrismaClient,
  campaignId: string,
  cycle: number,
): Promise<number | null> {
  // Raw (queryRows), like the artifact reads above: it runs for every email the pipeline writes.
  const rows = await queryRows<{ payload: unknown }>(
    db,
    Prisma.sql`
      SELECT a.payload FROM "Email" e
      LEFT JOIN "CampaignArtifact" a ON a."campaignId" = e."campaignId" AND a.cycle = e.cycle
        AND a.kind = 'PROPERTY_VALUATION' AND a.status = 'READY'
      WHERE e."campaignId" = ${campaignId}::uuid AND e.cycle < ${cycle} AND e.status = 'COMPLETE'
      ORDER BY e.cycle DESC
      LIMIT 1`,
  );
  const parsed = valuation.safeParse(rows[0]?.payload);
  return parsed.success ? parsed.data.value : null;
}

type CycleKey = { campaignId: string; cycle: number };
type ReadyArtifact = {
  campaignId: string;
  cycle: number;
  kind: string;
  payload: unknown;
  source: string | null;
};
const loaders = new WeakMap<PrismaClient, DataLoader<CycleKey, ReadyArtifact[]>>();

/** The READY artifacts of cycles, read in one query for the cycles asked for at the same moment. */
function readyArtifactsLoader(db: PrismaClient): DataLoader<CycleKey, ReadyArtifact[]> {
  return batchLoader(loaders, db, async (keys) => {
    const rows = await queryRows<ReadyArtifact>(
      db,
      Prisma.sql`
        SELECT a."campaignId", a.cycle, a.kind::text AS kind, a.payload, a.source
        FROM unnest(${keys.map((key) => key.campaignId)}::uuid[], ${keys.map((key) => key.cycle)}::int[])
          AS k(campaign_id, cycle)
        JOIN "CampaignArtifact" a ON a."campaignId" = k.campaign_id AND a.cycle = k.cycle
        WHERE a.status = 'READY'`,
    );
    return keys.map((key) => rows.filter((r) => r.campaignId === key.campaignId && r.cycle === key.cycle));
  });
}
