import { describe, expect, it } from "vitest";
import { PlanLimitError } from "@/lib/billing/campaign-limit";
import { getBillingState } from "@/lib/billing/get-billing-state";
import { type CampaignInput, campaignInput } from "@/lib/campaigns/campaign-input";
import { createCampaign } from "@/lib/campaigns/create-campaign";
import { setCampaignEnabled } from "@/lib/campaigns/set-campaign-enabled";
import { getDb } from "@/lib/db";
import type { BillingConfig } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { createTestAgent } from "@/test/factories/agent";
import { buildTestCampaign } from "@/test/factories/campaign";
import { TEST_PRICES } from "@/test/fakes/billing";

// The plan's limit of active campaigns (issue 16), with billing on, against real PostgreSQL:
// creates and enables, in parallel, after a downgrade, and what the billing page reads.
const NOW = new Date("2031-03-10T15:00:00Z");
const BILLING_ON = true;
const billing: BillingConfig = {
  secretKey: "sk_test_limits",
  webhookSecret: undefined,
  prices: TEST_PRICES,
  trialDays: 0,
  pastDueGraceDays: 7,
  api: undefined,
};

function input(n: number | string): CampaignInput {
  return campaignInput.parse({
    clientFirstName: "Maria",
    clientEmail: `client.${n}@example.com`,
    propertyAddressLine1: `${n} Maple Ridge Dr`,
    propertyCity: "Austin",
    propertyState: "TX",
    zipCode: "78704",
    fixedSendDay: "15",
  });
}

/** A subscriber on `plan` with `enabled` active campaigns and `disabled` disabled ones. */
async function agentWith(
  plan: "solo" | "pro",
  enabled: number,
  disabled = 0,
  data: Partial<Prisma.UserCreateInput> = {},
) {
  const agent = await createTestAgent(getDb(), {
    subscriptionStatus: "ACTIVE",
    subscriptionPlan: plan,
    ...data,
  });
  const rows = [
    ...Array.from({ length: enabled }, () => buildTestCampaign(agent.id, { nextSendDate: NOW })),
    ...Array.from({ length: disabled }, () =>
      buildTestCampaign(agent.id, { enabled: false, nextSendDate: null }),
    ),
  ];
  await getDb().campaign.createMany({ data: rows });
  const disabledIds = (
    await getDb().campaign.findMany({ where: { userId: agent.id, enabled: false }, select: { id: true } })
  ).map((c) => c.id);
  return { agent, disabledIds };
}

const active = (userId: string) => getDb().campaign.count({ where: { userId, enabled: true } });
const state = (userId: string) => getBillingState(userId, NOW, { db: getDb(), billing });

describe("plan limit", () => {
  it("Solo allows 250 active campaigns: the 251st create is refused with the reason", async () => {
    const { agent } = await agentWith("solo", 249);
    await createCampaign(agent.id, input(1), NOW, BILLING_ON);
    const refused = createCampaign(agent.id, input(2), NOW, BILLING_ON);
    await expect(refused).rejects.toThrow(PlanLimitError);
    await expect(refused).rejects.toThrow("Your plan allows 250 active campaigns.");
    expect(await active(agent.id)).toBe(250);
    expect(await state(agent.id)).toMatchObject({
      mode: "self-serve",
      activeCampaigns: 250,
      campaignLimit: 250,
      atLimit: true,
      overLimit: false,
    });
  });

  it("parallel creates and enables never pass the limit together", async () => {
    const { agent, disabledIds } = await agentWith("solo", 247, 4);
    const results = await Promise.allSettled([
      ...[1, 2, 3, 4].map((n) => createCampaign(agent.id, input(n), NOW, BILLING_ON)),
      ...disabledIds.map((id) => setCampaignEnabled(agent.id, id, true, NOW, BILLING_ON)),
    ]);
    const refused = results.filter((r) => r.status === "rejected");
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    expect(refused.map((r) => (r as PromiseRejectedResult).reason)).toEqual(
      Array(5).fill(expect.any(PlanLimitError)),
    );
    expect(await active(agent.id)).toBe(250);
  });

  it("a downgrade below the count keeps every campaign running and refuses enabling until under the limit", async () => {
    const { agent, disabledIds } = await agentWith("pro", 252, 1);
    await getDb().user.update({ where: { id: agent.id }, data: { subscriptionPlan: "solo" } });
    expect(await active(agent.id)).toBe(252);
    expect(await state(agent.id)).toMatchObject({ campaignLimit: 250, overLimit: true, atLimit: true });
    const [disabledId] = disabledIds as [string];
    await expect(setCampaignEnabled(agent.id, disabledId, true, NOW, BILLING_ON)).rejects.toThrow(
      "Your plan allows 250 active campaigns and 252 are active. Disable 3 or upgrade your plan to enable more.",
    );
    // Disabling is always allowed; under the limit, enabling works again.
    const running = await getDb().campaign.findMany({ where: { userId: agent.id, enabled: true }, take: 3 });
    for (const campaign of running) await setCampaignEnabled(agent.id, campaign.id, false, NOW, BILLING_ON);
    await setCampaignEnabled(agent.id, disabledId, true, NOW, BILLING_ON);
    expect(await active(agent.id)).toBe(250);
  });

  it("Pro allows 2,000; no subscription yet allows the starter plan's 250 (none of them sends)", async () => {
    const { agent: pro } = await agentWith("pro", 0);
    expect((await state(pro.id)).campaignLimit).toBe(2000);
    const fresh = await createTestAgent(getDb());
    expect(await state(fresh.id)).toMatchObject({
      campaignLimit: 250,
      subscription: null,
      canChoosePlan: true,
      canManageBilling: false,
      gate: { gated: true, code: "no-subscription" },
    });
  });

  it("managed agents and billing off: no plan limit unless the operator set one", async () => {
    const { agent: managed } = await agentWith("solo", 250, 0, {
      managedClientId: "acme-realty",
      subscriptionPlan: null,
    });
    await createCampaign(managed.id, input(1), NOW, BILLING_ON);
    expect(await state(managed.id)).toMatchObject({
      mode: "managed",
      campaignLimit: null,
      gate: { gated: false },
    });
    const { agent: off } = await agentWith("solo", 250);
    await createCampaign(off.id, input(1), NOW, false);
    const capped = await createTestAgent(getDb(), { managedClientId: "acme-realty", campaignLimit: 1 });
    await createCampaign(capped.id, input(1), NOW, BILLING_ON);
    await expect(createCampaign(capped.id, input(2), NOW, BILLING_ON)).rejects.toThrow(PlanLimitError);
  });
});
