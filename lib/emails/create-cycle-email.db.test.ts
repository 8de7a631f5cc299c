import { expect, it } from "vitest";
import { createPipelineDeps } from "@/lib/campaigns/create-pipeline-deps";
import { getDb } from "@/lib/db";
import { createCycleEmail, POSTAL_ADDRESS_RETRY_HOURS } from "@/lib/emails/create-cycle-email";
import { getConfig } from "@/lib/env";
import { logger } from "@/lib/logger";
import { createTestAgent } from "@/test/factories/agent";
import { createTestCampaign } from "@/test/factories/campaign";

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
