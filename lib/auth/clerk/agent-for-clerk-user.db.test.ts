import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import type { ClerkAuthConfig } from "@/lib/env-types";
import { type ClerkBackendServer, startClerkBackendServer } from "@/test/vendors/clerk-server";
import { agentForClerkUser } from "./agent-for-clerk-user";
import { upsertClerkAgent } from "./upsert-clerk-agent";

// The session's side of "one agent per Clerk user": a verified session whose user has no row yet
// is made just in time from the Backend API (the local wire server, through the real SDK).

const CLERK_NOW = new Date("2031-01-10T09:00:00.000Z");
let clerk: ClerkBackendServer;
let config: ClerkAuthConfig;

beforeAll(async () => {
  clerk = await startClerkBackendServer({ now: () => CLERK_NOW });
  config = {
    provider: "clerk",
    secretKey: clerk.secretKey,
    publishableKey: "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k",
    webhookSecret: undefined,
    jwtKey: undefined,
    apiUrl: clerk.url,
    authorizedParties: ["https://app.dripr.test"],
    signInLinkTtlSeconds: 3600,
  };
});
afterAll(async () => {
  await clerk?.close();
});

async function userCreatedEvents(userId: string): Promise<number> {
  const rows = await getDb().outboxEvent.findMany({ where: { type: "USER_CREATED" } });
  return rows.filter((row) => (row.payload as { userId?: string }).userId === userId).length;
}

describe("agentForClerkUser", () => {
  it("creates the agent just in time from Clerk, once, and asks Clerk only the first time", async () => {
    const seeded = clerk.seedUser({ email: "Rosa.Diaz@Example.com", firstName: "Rosa", lastName: "Diaz" });
    const first = await agentForClerkUser(getDb(), config, seeded.id);
    expect(first).toMatchObject({
      clerkUserId: seeded.id,
      email: "rosa.diaz@example.com",
      firstName: "Rosa",
    });
    const asked = clerk.count("GET", `/v1/users/${seeded.id}`);
    expect(asked).toBe(1);

    const again = await Promise.all([1, 2, 3].map(() => agentForClerkUser(getDb(), config, seeded.id)));
    expect(new Set(again.map((agent) => agent?.id))).toEqual(new Set([first?.id]));
    expect(clerk.count("GET", `/v1/users/${seeded.id}`)).toBe(asked);
    expect(await getDb().user.count({ where: { clerkUserId: seeded.id } })).toBe(1);
    expect(await userCreatedEvents(first?.id ?? "")).toBe(1);
  });

  it("two first requests at once still make one agent and one USER_CREATED", async () => {
    const seeded = clerk.seedUser({ email: "twins@example.com", firstName: "Tess" });
    const agents = await Promise.all([1, 2, 3, 4].map(() => agentForClerkUser(getDb(), config, seeded.id)));
    expect(new Set(agents.map((agent) => agent?.id)).size).toBe(1);
    expect(await getDb().user.count({ where: { clerkUserId: seeded.id } })).toBe(1);
    expect(await userCreatedEvents(agents[0]?.id ?? "")).toBe(1);
  });

  it("signs out a deleted agent and a user Clerk does not have, creating nothing", async () => {
    expect(await agentForClerkUser(getDb(), config, "user_not_at_clerk")).toBeNull();
    expect(await getDb().user.count({ where: { clerkUserId: "user_not_at_clerk" } })).toBe(0);

    const seeded = clerk.seedUser({ email: "gone@example.com", firstName: "Gus" });
    const { user } = await upsertClerkAgent(getDb(), {
      clerkUserId: seeded.id,
      email: "gone@example.com",
      firstName: "Gus",
      lastName: "",
      managedClientId: null,
      updatedAt: CLERK_NOW,
    });
    await getDb().user.update({ where: { id: user.id }, data: { deletedAt: CLERK_NOW } });
    expect(await agentForClerkUser(getDb(), config, seeded.id)).toBeNull();
  });
});
