import { getDb, queryRows } from "@/lib/db";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { inZone } from "@/lib/scheduling/local-time";

export type MonthlyAiUsage = {
  /** "YYYY-MM" in the agent's time zone. */
  month: string;
  /** Intro and home-report texts completed this month. */
  texts: number;
  /** Of those, written by AI (source `bedrock:<model>`). */
  aiWritten: number;
  /** Of those, the built-in text standing in for an AI text that failed. */
  fallbacks: number;
  inputTokens: number;
  outputTokens: number;
  /** Estimated USD (lib/ai/bedrock-prices.ts); texts of unpriced models add nothing. */
  costUsd: number;
};

type UsageRow = Omit<MonthlyAiUsage, "month">;

const WRITTEN_KINDS = ["INTRO", "HOME_REPORT"] as const;

/**
 * The signed-in agent's own AI writing this calendar month (in their time zone): texts, tokens and
 * estimated cost, for the dashboard. Scoped by the campaign's owner, never anyone else's.
 */
export async function getMonthlyAiUsage(
  userId: string,
  timeZone: string,
  now: Date,
  db: PrismaClient = getDb(),
): Promise<MonthlyAiUsage> {
  const start = inZone(now, timeZone).startOf("month");
  // One statement for the card (each query costs the dashboard more than the summing does).
  const [totals] = await queryRows<UsageRow>(
    db,
    Prisma.sql`SELECT
      count(*)::int AS texts,
      count(*) FILTER (WHERE a.source LIKE 'bedrock:%')::int AS "aiWritten",
      count(*) FILTER (WHERE a.source = 'template' AND a.error IS NOT NULL)::int AS fallbacks,
      coalesce(sum(a."inputTokens"), 0)::int AS "inputTokens",
      coalesce(sum(a."outputTokens"), 0)::int AS "outputTokens",
      coalesce(sum(a."costUsd"), 0)::float8 AS "costUsd"
    FROM "CampaignArtifact" a JOIN "Campaign" c ON c.id = a."campaignId"
    WHERE c."userId" = ${userId}::uuid
      AND a.kind::text IN (${Prisma.join(WRITTEN_KINDS)})
      AND a.status = 'READY'
      AND a."completedAt" >= ${start.toJSDate()} AND a."completedAt" < ${start.plus({ months: 1 }).toJSDate()}`,
  );
  return {
    month: start.toFormat("yyyy-MM"),
    texts: totals?.texts ?? 0,
    aiWritten: totals?.aiWritten ?? 0,
    fallbacks: totals?.fallbacks ?? 0,
    inputTokens: totals?.inputTokens ?? 0,
    outputTokens: totals?.outputTokens ?? 0,
    costUsd: Math.round((totals?.costUsd ?? 0) * 1_000_000) / 1_000_000,
  };
}
