import { beforeEach, describe, expect, it } from "vitest";
import { produceArtifact } from "@/lib/campaigns/artifacts/produce-artifact";
import { transitionCampaign } from "@/lib/campaigns/transition-campaign";
import { getDb } from "@/lib/db";
import type { Campaign, User } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { createTestAgent } from "@/test/factories/agent";
import { createTestCampaign } from "@/test/factories/campaign";

const NOW = new Date("2026-11-30T17:00:00Z");

let agent: User;
beforeEach(async () => {
  agent = await createTestAgent(getDb());
});

/** A campaign in WAITING_FOR_DATA, cycle 1, with its five data artifacts PENDING. */
async function waitingForData(): Promise<Campaign> {
  const campaign = await createTestCampaign(getDb(), agent.id, { nextSendDate: NOW });
  await getDb().$transaction((tx) =>
    transitionCampaign(tx, {
      campaignId: campaign.id,
      userId: agent.id,
      from: "DORMANT",
      to: "WAITING_FOR_DATA",
      cycle: 0,
      actor: "TEST",
      now: NOW,
    }),
  );
  return campaign;
}

function job(campaign: Campaign, overrides: Partial<Parameters<typeof produceArtifact>[0]> = {}) {
  return produceArtifact({
    db: getDb(),
    campaignId: campaign.id,
    cycle: 1,
    kind: "PROPERTY_VALUATION",
    expectedStatus: "WAITING_FOR_DATA",
    lastAttempt: false,
    log: logger,
    produce: async (c) => ({
      payload: { value: c.clientFirstName.length, agent: c.user.email },
      source: "test",
    }),
    ...overrides,
  });
}

const artifactOf = (campaignId: string, kind = "PROPERTY_VALUATION" as const) =>
  getDb().campaignArtifact.findUniqueOrThrow({
    where: { campaignId_cycle_kind: { campaignId, cycle: 1, kind } },
  });

describe("produceArtifact", () => {
  it("produces many concurrent jobs, each once, with the campaign and its agent", async () => {
    const campaigns = [await waitingForData(), await waitingForData(), await waitingForData()];
    const outcomes = await Promise.all([...campaigns.map((c) => job(c)), job(campaigns[0] as Campaign)]);
    // The repeated message is handled too: the same claim, one READY row.
    expect(outcomes.slice(0, 3)).toEqual(["produced", "produced", "produced"]);
    for (const campaign of campaigns) {
      const artifact = await artifactOf(campaign.id);
      expect(artifact).toMatchObject({
        status: "READY",
        source: "test",
        attempts: 1,
        payload: { value: campaign.clientFirstName.length, agent: agent.email },
      });
      expect(artifact.completedAt).not.toBeNull();
    }
    expect(await job(campaigns[1] as Campaign)).toBe("already-done");
  });

  it("leaves stale messages alone: another cycle, another status, a deleted campaign", async () => {
    const campaign = await waitingForData();
    const gone = await waitingForData();
    await getDb().campaign.delete({ where: { id: gone.id } });
    const outcomes = await Promise.all([
      job(campaign, { cycle: 2 }),
      job(campaign, { expectedStatus: "WAITING_FOR_HOME_ANALYSIS" }),
      job(gone),
    ]);
    expect(outcomes).toEqual(["stale", "stale", "stale"]);
    expect(await artifactOf(campaign.id)).toMatchObject({ status: "PENDING", attempts: 0 });
  });

  it("re-creates a missing artifact row of a current campaign", async () => {
    const campaign = await waitingForData();
    await getDb().campaignArtifact.deleteMany({
      where: { campaignId: campaign.id, kind: "PROPERTY_VALUATION" },
    });
    expect(await job(campaign)).toBe("produced");
    expect(await artifactOf(campaign.id)).toMatchObject({ status: "READY" });
  });

  it("records a failure for a retry, and as FAILED on the last attempt", async () => {
    const campaign = await waitingForData();
    const failing = { produce: async () => Promise.reject(new Error("upstream said 503")) };
    await expect(job(campaign, failing)).rejects.toThrow("upstream said 503");
    expect(await artifactOf(campaign.id)).toMatchObject({
      status: "PENDING",
      attempts: 1,
      error: "upstream said 503",
    });
    expect(await job(campaign, { ...failing, lastAttempt: true })).toBe("failed");
    expect(await artifactOf(campaign.id)).toMatchObject({
      status: "FAILED",
      attempts: 2,
      error: "upstream said 503",
    });
    expect(await job(campaign)).toBe("already-done");
  });
});
