import { expect, it } from "vitest";
import { getMonthlyAiUsage } from "@/lib/ai/get-monthly-ai-usage";
import { getDb } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { createTestAgent } from "@/test/factories/agent";
import { createTestCampaign } from "@/test/factories/campaign";

const MODEL = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
const NOW = new Date("2026-11-20T17:00:00Z");

it("sums the agent's own AI texts, tokens and cost of this month in their time zone", async () => {
  const db = getDb();
  const agent = await createTestAgent(db, { timeZone: "America/Los_Angeles" });
  const other = await createTestAgent(db);
  const mine = await createTestCampaign(db, agent.id);
  const mine2 = await createTestCampaign(db, agent.id);
  const theirs = await createTestCampaign(db, other.id);
  const row = (
    campaignId: string,
    cycle: number,
    kind: "INTRO" | "HOME_REPORT" | "PROPERTY_VALUATION",
    completedAt: string,
    extra: Partial<Prisma.CampaignArtifactCreateManyInput> = {},
  ): Prisma.CampaignArtifactCreateManyInput => ({
    campaignId,
    cycle,
    kind,
    status: "READY",
    source: `bedrock:${MODEL}`,
    inputTokens: 500,
    outputTokens: 50,
    costUsd: 0.00075,
    completedAt: new Date(completedAt),
    ...extra,
  });
  await db.campaignArtifact.createMany({
    data: [
      row(mine.id, 1, "INTRO", "2026-11-05T12:00:00Z"),
      row(mine.id, 1, "HOME_REPORT", "2026-11-05T12:00:00Z", {
        inputTokens: 900,
        outputTokens: 80,
        costUsd: 0.0013,
      }),
      // The built-in text after two rejected replies: their tokens and cost count.
      row(mine2.id, 1, "HOME_REPORT", "2026-11-10T12:00:00Z", {
        source: "template",
        error: "Built-in text used: …",
        inputTokens: 1_800,
        outputTokens: 60,
        costUsd: 0.0021,
      }),
      // Local mode: no tokens, no cost.
      row(mine2.id, 1, "INTRO", "2026-11-10T12:00:00Z", {
        source: "template",
        inputTokens: null,
        outputTokens: null,
        costUsd: null,
      }),
      // 23:30 on Oct 31 in Los Angeles is November in UTC, but October for this agent.
      row(mine.id, 0, "INTRO", "2026-11-01T06:30:00Z"),
      // Not a text, another agent's, not finished.
      row(mine.id, 1, "PROPERTY_VALUATION", "2026-11-05T12:00:00Z"),
      row(theirs.id, 1, "INTRO", "2026-11-05T12:00:00Z", { costUsd: 5 }),
      row(mine2.id, 2, "INTRO", "2026-11-12T12:00:00Z", { status: "RUNNING", completedAt: null }),
    ],
  });

  expect(await getMonthlyAiUsage(agent.id, agent.timeZone, NOW)).toEqual({
    month: "2026-11",
    texts: 4,
    aiWritten: 2,
    fallbacks: 1,
    inputTokens: 3_200,
    outputTokens: 190,
    costUsd: 0.00415,
  });
  expect((await getMonthlyAiUsage(other.id, other.timeZone, NOW)).costUsd).toBe(5);
  const october = await getMonthlyAiUsage(agent.id, agent.timeZone, new Date("2026-10-15T12:00:00Z"));
  expect(october).toMatchObject({ month: "2026-10", texts: 1, costUsd: 0.00075 });
});
