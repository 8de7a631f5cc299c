import { describe, expect, it } from "vitest";
import { loadCampaignForWork } from "@/lib/campaigns/work-batches";
import { getDb } from "@/lib/db";
import { createTestAgent } from "@/test/factories/agent";
import { createTestCampaign } from "@/test/factories/campaign";

describe("loadCampaignForWork", () => {
  it("reads exactly what Prisma reads, agent included, dates and nulls alike, batched", async () => {
    const db = getDb();
    const agent = await createTestAgent(db, { timeZone: "America/Los_Angeles", addressLine2: null });
    const full = await createTestCampaign(db, agent.id, {
      purchasePrice: 412_500,
      purchaseDate: new Date("2019-06-30T00:00:00Z"),
      loanAmount: 330_000,
      loanRatePercent: 3.875,
      loanTermYears: 30,
      lastSentEmailDatetime: new Date("2026-11-10T16:00:00.123Z"),
    });
    const bare = await createTestCampaign(db, agent.id);
    const missing = "00000000-0000-7000-8000-000000000000";

    const [fullRead, bareRead, none] = await Promise.all([
      loadCampaignForWork(db, full.id),
      loadCampaignForWork(db, bare.id),
      loadCampaignForWork(db, missing),
    ]);
    const viaPrisma = (id: string) => db.campaign.findUnique({ where: { id }, include: { user: true } });
    expect(fullRead).toEqual(await viaPrisma(full.id));
    expect(bareRead).toEqual(await viaPrisma(bare.id));
    expect(none).toBeNull();
    expect(fullRead?.purchaseDate?.toISOString()).toBe("2019-06-30T00:00:00.000Z");
  });
});
