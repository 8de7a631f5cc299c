import { expect, it } from "vitest";
import { createPipelineDeps } from "@/lib/campaigns/create-pipeline-deps";
import { FAILED_CYCLE_RETRY_HOURS } from "@/lib/campaigns/poller/advance-gathered-campaigns";
import { getDb } from "@/lib/db";
import { createCycleEmail, POSTAL_ADDRESS_RETRY_HOURS } from "@/lib/emails/create-cycle-email";
import { getConfig } from "@/lib/env";
import { logger } from "@/lib/logger";
import { createTestAgent } from "@/test/factories/agent";
import { createTestCampaign } from "@/test/factories/campaign";
import { TEST_VALUATION } from "@/test/factories/market-data";

const NOW = new Date("2026-11-30T17:00:00Z");

function deps() {
  return { ...createPipelineDeps(getConfig(), getDb(), logger), now: () => NOW };
}

it("an agent without a postal address gets no email: the cycle fails with the reason and retries tomorrow", async () => {
  const db = getDb();
  const agent = await createTestAgent(db, { addressLine1: null });
  const campaign = await createTestCampaign(db, agent.id, { status: "READY_TO_CREATE_EMAIL", cycle: 1 });

  expect(await createCycleEmail(deps(), { campaignId: campaign.id, cycle: 1 })).toBe("cycle-failed");

  const after = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
  expect(after).toMatchObject({ status: "DORMANT", emailCreationStatus: "FAILED" });
  // The next cycle starts in POSTAL_ADDRESS_RETRY_HOURS (its send date is the lead after that).
  const lead = getConfig().pipeline.prepareLeadHours;
  expect(after.nextSendDate).toEqual(
    new Date(NOW.getTime() + (POSTAL_ADDRESS_RETRY_HOURS + lead) * 3_600_000),
  );
  expect(await db.email.count({ where: { campaignId: campaign.id } })).toBe(0);
  const history = await db.campaignHistory.findFirstOrThrow({ where: { campaignId: campaign.id } });
  expect(history).toMatchObject({ event: "CYCLE_FAILED", reason: expect.stringContaining("postal address") });
});

it("a message for another cycle or status changes nothing", async () => {
  const db = getDb();
  const agent = await createTestAgent(db);
  const campaign = await createTestCampaign(db, agent.id, { status: "READY_TO_CREATE_EMAIL", cycle: 2 });
  expect(await createCycleEmail(deps(), { campaignId: campaign.id, cycle: 1 })).toBe("stale");
  expect(await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({
    status: "READY_TO_CREATE_EMAIL",
    cycle: 2,
  });
});

it("no email without its local market section: the intro speaks of it, so the cycle is retried tomorrow", async () => {
  // The local market is required data (the poller advances only once it is READY); a stored payload
  // that no longer reads as market stats would leave the section out while the intro, written before
  // the data, still refers to the local market (issue 15 item 10).
  const db = getDb();
  const agent = await createTestAgent(db);
  const campaign = await createTestCampaign(db, agent.id, { status: "READY_TO_CREATE_EMAIL", cycle: 1 });
  const ready = { campaignId: campaign.id, cycle: 1, status: "READY" as const, source: "sample" };
  await db.campaignArtifact.createMany({
    data: [
      { ...ready, kind: "PROPERTY_VALUATION", payload: TEST_VALUATION },
      { ...ready, kind: "LOCAL_MARKET", payload: { zipCode: campaign.zipCode, note: "not market stats" } },
    ],
  });

  expect(await createCycleEmail(deps(), { campaignId: campaign.id, cycle: 1 })).toBe("cycle-failed");

  expect(await db.email.count({ where: { campaignId: campaign.id } })).toBe(0);
  const after = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
  expect(after).toMatchObject({ status: "DORMANT", emailCreationStatus: "FAILED" });
  // Tomorrow, when the zip's data is fetched again (it is cached per day).
  const lead = getConfig().pipeline.prepareLeadHours;
  expect(after.nextSendDate).toEqual(new Date(NOW.getTime() + (FAILED_CYCLE_RETRY_HOURS + lead) * 3_600_000));
  const history = await db.campaignHistory.findFirstOrThrow({ where: { campaignId: campaign.id } });
  expect(history).toMatchObject({
    event: "CYCLE_FAILED",
    reason: `the local market data of this cycle could not be read; retrying in ${FAILED_CYCLE_RETRY_HOURS} hours`,
  });
});
