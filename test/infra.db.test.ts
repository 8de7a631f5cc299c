import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { createTestAgent } from "@/test/factories/agent";
import { createTestCampaign } from "@/test/factories/campaign";

// Proves the database test infrastructure: a per-file copy of the migrated template, reached through
// the app's own lib/db, with the constraints the migrations add.

describe("database test infrastructure", () => {
  it("gives this file its own database copied from the migrated template", async () => {
    const [row] = await getDb().$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
    expect(row?.name).toMatch(/^dripr_test_[a-z0-9]+_\d+_[0-9a-f]{8}$/);
    const migrations = await getDb().$queryRaw<{ count: bigint }[]>`
      SELECT count(*) AS count FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`;
    expect(Number(migrations[0]?.count)).toBeGreaterThan(0);
  });

  it("stores an agent and a campaign built by the factories and reads them back", async () => {
    const db = getDb();
    const agent = await createTestAgent(db, { firstName: "Dana" });
    const campaign = await createTestCampaign(db, agent.id, { fixedSendDay: 28 });

    const found = await db.user.findUniqueOrThrow({
      where: { clerkUserId: agent.clerkUserId },
      include: { campaigns: true },
    });
    expect(found.clerkUserId).toMatch(/^local_test_/);
    expect(found.firstName).toBe("Dana");
    expect(found.campaigns).toHaveLength(1);
    expect(found.campaigns[0]).toMatchObject({
      id: campaign.id,
      fixedSendDay: 28,
      status: "DORMANT",
      clientEmail: campaign.clientEmail.toLowerCase(),
    });
    expect(found.campaigns[0]?.zipCode).toMatch(/^\d{5}$/);
  });

  it("accepts send days 1 and 28 and refuses 0 and 29 (Campaign_fixedSendDay_range)", async () => {
    const db = getDb();
    const agent = await createTestAgent(db);
    await expect(createTestCampaign(db, agent.id, { fixedSendDay: 1 })).resolves.toMatchObject({
      fixedSendDay: 1,
    });
    await expect(createTestCampaign(db, agent.id, { fixedSendDay: 28 })).resolves.toMatchObject({
      fixedSendDay: 28,
    });
    for (const fixedSendDay of [0, 29]) {
      await expect(createTestCampaign(db, agent.id, { fixedSendDay })).rejects.toThrow(
        /Campaign_fixedSendDay_range/,
      );
    }
    expect(await db.campaign.count({ where: { userId: agent.id } })).toBe(2);
  });

  it("refuses a second agent with the same clerkUserId", async () => {
    const db = getDb();
    const agent = await createTestAgent(db);
    await expect(createTestAgent(db, { clerkUserId: agent.clerkUserId })).rejects.toMatchObject({
      code: "P2002",
    });
    expect(await db.user.count({ where: { clerkUserId: agent.clerkUserId } })).toBe(1);
  });

  it("gives every factory row unique ids", async () => {
    const db = getDb();
    const agents = await Promise.all([createTestAgent(db), createTestAgent(db), createTestAgent(db)]);
    expect(new Set(agents.map((a) => a.clerkUserId)).size).toBe(3);
    expect(new Set(agents.map((a) => a.email)).size).toBe(3);
  });
});
