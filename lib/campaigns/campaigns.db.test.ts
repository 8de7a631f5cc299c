import { beforeEach, describe, expect, it } from "vitest";
import { type CampaignInput, campaignInput } from "@/lib/campaigns/campaign-input";
import { createCampaign } from "@/lib/campaigns/create-campaign";
import { deleteCampaign } from "@/lib/campaigns/delete-campaign";
import { getCampaign } from "@/lib/campaigns/get-campaign";
import { campaignListFilter, listCampaigns } from "@/lib/campaigns/list-campaigns";
import { setCampaignEnabled } from "@/lib/campaigns/set-campaign-enabled";
import { updateCampaign } from "@/lib/campaigns/update-campaign";
import { getDb } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import type { User } from "@/lib/generated/prisma/client";
import { createTestAgent } from "@/test/factories/agent";

function input(overrides: Record<string, string> = {}): CampaignInput {
  return campaignInput.parse({
    clientFirstName: "Maria",
    clientLastName: "Lopez",
    clientEmail: "maria.lopez@example.com",
    propertyAddressLine1: "1204 Maple Ridge Dr",
    propertyCity: "Austin",
    propertyState: "TX",
    zipCode: "78704",
    fixedSendDay: "15",
    ...overrides,
  });
}

let alice: User;
let bob: User;

beforeEach(async () => {
  alice = await createTestAgent(getDb());
  bob = await createTestAgent(getDb());
});

describe("createCampaign", () => {
  it("starts the first cycle at creation and records who created it", async () => {
    const now = new Date("2026-11-29T15:00:00Z");
    const campaign = await createCampaign(alice.id, input({ checkBeforeSending: "on" }), now);
    expect(campaign).toMatchObject({
      userId: alice.id,
      status: "DORMANT",
      enabled: true,
      checkBeforeSending: true,
      nextSendDate: now,
      cycle: 0,
    });
    const history = await getDb().campaignHistory.findMany({ where: { campaignId: campaign.id } });
    expect(history).toEqual([
      expect.objectContaining({ event: "CREATED", actor: `AGENT:${alice.id}`, toStatus: "DORMANT", at: now }),
    ]);
  });

  it("refuses a duplicate client and address for the same agent, but not for another agent", async () => {
    await createCampaign(alice.id, input());
    await expect(
      createCampaign(alice.id, input({ propertyAddressLine1: "1204 MAPLE RIDGE DR" })),
    ).rejects.toThrow(ConflictError);
    await expect(createCampaign(bob.id, input())).resolves.toMatchObject({ userId: bob.id });
  });

  it("enforces the plan's active-campaign limit, even under concurrent creates", async () => {
    await getDb().user.update({ where: { id: alice.id }, data: { campaignLimit: 2 } });
    const results = await Promise.allSettled(
      ["a", "b", "c", "d"].map((n) => createCampaign(alice.id, input({ clientEmail: `${n}@example.com` }))),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    const rejected = results.filter((r) => r.status === "rejected");
    expect(rejected.map((r) => (r as PromiseRejectedResult).reason)).toEqual([
      expect.any(ConflictError),
      expect.any(ConflictError),
    ]);
    expect(await getDb().campaign.count({ where: { userId: alice.id } })).toBe(2);
  });

  it("the database itself refuses a send day outside 1–28", async () => {
    const campaign = await createCampaign(alice.id, input());
    await expect(
      getDb().campaign.update({ where: { id: campaign.id }, data: { fixedSendDay: 29 } }),
    ).rejects.toThrow(/Campaign_fixedSendDay_range/);
  });
});

describe("tenant isolation", () => {
  it("another agent can neither read, list, edit, disable nor delete a campaign", async () => {
    const campaign = await createCampaign(alice.id, input());

    expect(await getCampaign(bob.id, campaign.id)).toBeNull();
    expect((await listCampaigns(bob.id, campaignListFilter.parse({}))).campaigns).toEqual([]);
    await expect(updateCampaign(bob.id, campaign.id, input({ clientFirstName: "Mallory" }))).rejects.toThrow(
      NotFoundError,
    );
    await expect(setCampaignEnabled(bob.id, campaign.id, false)).rejects.toThrow(NotFoundError);
    await expect(deleteCampaign(bob.id, campaign.id)).rejects.toThrow(NotFoundError);

    const unchanged = await getCampaign(alice.id, campaign.id);
    expect(unchanged).toMatchObject({ clientFirstName: "Maria", enabled: true });
    expect(unchanged?.history.map((h) => h.event)).toEqual(["CREATED"]);
  });

  it("a malformed id is simply not found", async () => {
    expect(await getCampaign(alice.id, "not-a-uuid'; DROP TABLE")).toBeNull();
  });
});

describe("updateCampaign", () => {
  it("saves the edit; a never-sent campaign keeps its first cycle at creation", async () => {
    // The edit on its own explicit clock, after the creation: history[0] is the latest row by `at`.
    const campaign = await createCampaign(alice.id, input(), new Date("2026-11-02T15:00:00Z"));
    await updateCampaign(
      alice.id,
      campaign.id,
      input({ fixedSendDay: "3", clientLastName: "Lopez-Garcia" }),
      new Date("2026-11-03T10:00:00Z"),
    );
    const saved = await getCampaign(alice.id, campaign.id);
    expect(saved).toMatchObject({ fixedSendDay: 3, clientLastName: "Lopez-Garcia" });
    expect(saved?.nextSendDate).toEqual(new Date("2026-11-02T15:00:00Z"));
    // The timeline names every change, the client's name too.
    expect(saved?.history[0]).toMatchObject({
      event: "UPDATED",
      reason: `client's name changed from Maria Lopez to Maria Lopez-Garcia; send day changed from 15th to 3rd; next cycle ${formatDateTime(new Date("2026-11-02T15:00:00Z"), "America/Chicago")}`,
    });
  });

  it("a new send day reschedules a dormant campaign from its last send, in the agent's zone", async () => {
    // Created before the Nov 11 send below, not at the real time of the run.
    const campaign = await createCampaign(
      alice.id,
      input({ fixedSendDay: "5" }),
      new Date("2026-10-01T15:00:00Z"),
    );
    // Sent Nov 11 at 14:00 in Chicago (the factory agent's zone); day 25 is exactly 14 days later.
    await getDb().campaign.update({
      where: { id: campaign.id },
      data: {
        lastSentEmailDatetime: new Date("2026-11-11T20:00:00Z"),
        nextSendDate: new Date("2026-12-05T17:00:00Z"),
      },
    });
    await updateCampaign(
      alice.id,
      campaign.id,
      input({ fixedSendDay: "25" }),
      new Date("2026-11-12T12:00:00Z"),
    );
    expect((await getCampaign(alice.id, campaign.id))?.nextSendDate).toEqual(
      new Date("2026-11-25T17:00:00Z"),
    );
  });
});

describe("setCampaignEnabled", () => {
  it("disabling cancels unsent email and is idempotent; enabling records it", async () => {
    // One explicit clock for every step: the history is ordered by these times, not the real clock.
    const createdAt = new Date("2026-11-28T15:00:00Z");
    const disabledAt = new Date("2026-11-30T09:00:00Z");
    const campaign = await createCampaign(alice.id, input(), createdAt);
    const email = await getDb().email.create({
      data: {
        campaignId: campaign.id,
        userId: alice.id,
        cycle: 1,
        toEmail: campaign.clientEmail,
        toName: "Maria Lopez",
        subject: "Your home in November",
        textBody: "…",
        htmlStorageKey: `emails/${alice.id}/${campaign.id}/x.html`,
        scheduledSendDatetime: disabledAt,
        messageId: `<${campaign.id}@test.dripr>`,
      },
    });
    await setCampaignEnabled(alice.id, campaign.id, false, disabledAt);
    await setCampaignEnabled(alice.id, campaign.id, false, disabledAt);
    expect(await getDb().email.findUnique({ where: { id: email.id } })).toMatchObject({ status: "CANCELED" });
    expect((await getCampaign(alice.id, campaign.id))?.nextSendDate).toBeNull();
    const reEnabledAt = new Date("2026-12-01T16:00:00Z");
    await setCampaignEnabled(alice.id, campaign.id, true, reEnabledAt);
    // Never sent: the first cycle starts again at once.
    expect((await getCampaign(alice.id, campaign.id))?.nextSendDate).toEqual(reEnabledAt);
    const saved = await getCampaign(alice.id, campaign.id);
    expect(saved?.enabled).toBe(true);
    expect(saved?.history.map((h) => h.event)).toEqual(["ENABLED", "DISABLED", "CREATED"]);
    expect(saved?.history[1]?.reason).toBe("1 unsent email canceled");
  });
});

describe("deleteCampaign and listCampaigns", () => {
  it("lists newest first with status counts and search, and deletes with history", async () => {
    const first = await createCampaign(alice.id, input(), new Date("2026-11-01T00:00:00Z"));
    await createCampaign(
      alice.id,
      input({ clientEmail: "j@example.com", clientFirstName: "June", zipCode: "33606" }),
      new Date("2026-11-02T00:00:00Z"),
    );
    const listed = await listCampaigns(alice.id, campaignListFilter.parse({}));
    expect(listed.campaigns.map((c) => c.clientFirstName)).toEqual(["June", "Maria"]);
    expect(listed.counts).toEqual({ DORMANT: 2 });
    expect(listed.disabled).toBe(0);
    expect((await listCampaigns(alice.id, campaignListFilter.parse({ q: "336" }))).campaigns).toHaveLength(1);

    // The Disabled tab has its count too (a disabled campaign is in no status tab).
    await setCampaignEnabled(alice.id, first.id, false);
    const withDisabled = await listCampaigns(alice.id, campaignListFilter.parse({ disabled: "1" }));
    expect(withDisabled).toMatchObject({ disabled: 1, total: 1, all: 2, counts: { DORMANT: 1 } });
    expect(withDisabled.campaigns.map((c) => c.clientFirstName)).toEqual(["Maria"]);
    expect(campaignListFilter.parse({ status: "BOGUS" }).status).toBeUndefined();

    await deleteCampaign(alice.id, first.id);
    expect(await getCampaign(alice.id, first.id)).toBeNull();
    expect(await getDb().campaignHistory.count({ where: { campaignId: first.id } })).toBe(0);
    await expect(deleteCampaign(alice.id, first.id)).rejects.toThrow(NotFoundError);
  });

  it("unsubscribed and disabled campaigns are in their own tabs, not in a status tab's count or list", async () => {
    const at = new Date("2026-11-01T00:00:00Z");
    const maria = await createCampaign(alice.id, input(), at);
    const june = await createCampaign(
      alice.id,
      input({ clientEmail: "j@example.com", clientFirstName: "June" }),
      at,
    );
    const paul = await createCampaign(
      alice.id,
      input({ clientEmail: "p@example.com", clientFirstName: "Paul" }),
      at,
    );
    await getDb().campaign.update({ where: { id: june.id }, data: { unsubscribedAt: at } });
    await setCampaignEnabled(alice.id, paul.id, false, at);
    await getDb().campaign.update({
      where: { id: (await createCampaign(bob.id, input(), at)).id },
      data: { unsubscribedAt: at },
    });

    const names = async (filter: Record<string, string>) =>
      (await listCampaigns(alice.id, campaignListFilter.parse(filter))).campaigns.map(
        (c) => c.clientFirstName,
      );
    const all = await listCampaigns(alice.id, campaignListFilter.parse({}));
    expect(all).toMatchObject({ all: 3, total: 3, counts: { DORMANT: 1 }, unsubscribed: 1 });
    expect(await names({ status: "DORMANT" })).toEqual([maria.clientFirstName]);
    expect(await names({ unsubscribed: "1" })).toEqual(["June"]);
    expect(await names({ disabled: "1" })).toEqual(["Paul"]);
  });
});
