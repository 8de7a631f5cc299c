import { getDb } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
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
  const where = {
    campaign: { userId },
    kind: { in: [...WRITTEN_KINDS] },
    status: "READY" as const,
    completedAt: { gte: start.toJSDate(), lt: start.plus({ months: 1 }).toJSDate() },
  };
  const [totals, aiWritten, fallbacks] = await Promise.all([
    db.campaignArtifact.aggregate({
      where,
      _count: { _all: true },
      _sum: { inputTokens: true, outputTokens: true, costUsd: true },
    }),
    db.campaignArtifact.count({ where: { ...where, source: { startsWith: "bedrock:" } } }),
    db.campaignArtifact.count({ where: { ...where, source: "template", error: { not: null } } }),
  ]);
  return {
    month: start.toFormat("yyyy-MM"),
    texts: totals._count._all,
    aiWritten,
    fallbacks,
    inputTokens: totals._sum.inputTokens ?? 0,
    outputTokens: totals._sum.outputTokens ?? 0,
    costUsd: Math.round((totals._sum.costUsd ?? 0) * 1_000_000) / 1_000_000,
  };
}
