import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import {
  type AgentAdminDeps,
  ClerkNotConfiguredError,
  createAgentAdminDeps,
} from "@/lib/auth/agent-admin-deps";
import { createManagedAgent } from "@/lib/auth/create-managed-agent";
import { createPipelineDeps } from "@/lib/campaigns/create-pipeline-deps";
import { getDb } from "@/lib/db";
import { DeliveryError } from "@/lib/delivery/delivery-error";
import { sendWelcomeEmail } from "@/lib/delivery/send-welcome-email";
import type { AppConfig } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { uniqueToken } from "@/test/factories/unique";
import { deliveryTestConfig } from "@/test/fakes/delivery-config";
import { type ClerkBackendServer, startClerkBackendServer } from "@/test/vendors/clerk-server";

// createManagedAgent against the Clerk Backend API wire server and the real database: the same email
// twice gives one Clerk user, one User and one USER_CREATED; bad input reaches nothing; a run that
// failed halfway is completed by the next one. Both clocks are fixed.

const NOW = new Date("2026-03-02T10:00:00.000Z");
const PUBLISHABLE_KEY = "pk_test_ZmFrZS1pbnN0YW5jZS0xMi5jbGVyay5hY2NvdW50cy5kZXYk";
let clerk: ClerkBackendServer;
let config: AppConfig;
let deps: AgentAdminDeps;

function clerkEnv(server: ClerkBackendServer): Record<string, string> {
  return {
    CLERK_SECRET_KEY: server.secretKey,
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
    CLERK_API_URL: server.url,
    CLERK_SIGN_IN_LINK_TTL_HOURS: "48",
  };
}

beforeAll(async () => {
  clerk = await startClerkBackendServer({ now: () => NOW });
  config = deliveryTestConfig({}, clerkEnv(clerk));
  deps = { ...createAgentAdminDeps(config, getDb(), logger), now: () => NOW };
});
afterAll(async () => {
  await clerk?.close();
});

function agentInput(overrides: Record<string, unknown> = {}) {
  const token = uniqueToken();
  return {
    email: `dana.${token}@acme.example.com`,
    firstName: "Dana",
    lastName: "Reyes",
    managedClientId: "acme-realty",
    ...overrides,
  };
}

const clerkUsersWith = (email: string) =>
  clerk.users().filter((u) => u.email_addresses.some((a) => a.email_address === email));
const clerkCreatesFor = (email: string) =>
  clerk.requests.filter(
    (r) => r.method === "POST" && r.path === "/v1/users" && JSON.stringify(r.body).includes(email),
  ).length;
const userCreatedEvents = (userId: string) =>
  getDb().outboxEvent.count({
    where: { type: "USER_CREATED", payload: { path: ["userId"], equals: userId } },
  });
const outboxFor = (userId: string, kind: string) =>
  getDb().localOutboxMessage.findMany({ where: { userId, kind }, orderBy: { createdAt: "asc" } });

describe("createManagedAgent", () => {
  it("run twice with the same email: one Clerk user, one User, one USER_CREATED, no welcome email, the link in the Outbox", async () => {
    const input = agentInput({ sendSignInLink: true });
    const first = await createManagedAgent(deps, input);
    expect(first.clerk.action).toBe("created");
    expect(first.user.action).toBe("created");
    const second = await createManagedAgent(deps, { ...input, lastName: "Reyes-Ortiz" });
    expect(second.clerk).toEqual({ action: "updated", clerkUserId: first.clerk.clerkUserId });
    expect(second.user).toEqual({ action: "synced", userId: first.user.userId });

    expect(clerkUsersWith(input.email)).toHaveLength(1);
    expect(clerkCreatesFor(input.email)).toBe(1);
    expect(clerkUsersWith(input.email)[0]?.public_metadata).toEqual({ managedClientId: "acme-realty" });
    const users = await getDb().user.findMany({ where: { email: input.email } });
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({
      id: first.user.userId,
      clerkUserId: first.clerk.clerkUserId,
      firstName: "Dana",
      lastName: "Reyes-Ortiz",
      managedClientId: "acme-realty",
      subscriptionStatus: "NONE",
    });
    expect(await userCreatedEvents(first.user.userId)).toBe(1);

    // The welcome consumer receives that one USER_CREATED and stays silent for a managed agent.
    const pipeline = { ...createPipelineDeps(config, getDb(), logger), now: () => NOW };
    expect(await sendWelcomeEmail(pipeline, first.user.userId)).toEqual({ kind: "skipped-managed" });
    expect(await outboxFor(first.user.userId, "welcome")).toHaveLength(0);

    // One link per run, each carrying the token Clerk issued in that run, to the agent's address.
    const tokens = clerk.signInTokens().filter((t) => t.user_id === first.clerk.clerkUserId);
    expect(tokens.map((t) => t.expires_in_seconds)).toEqual([48 * 3600, 48 * 3600]);
    const links = await outboxFor(first.user.userId, "sign-in-link");
    expect(links).toHaveLength(2);
    links.forEach((mail, i) => {
      const url = `https://app.dripr.test/sign-in?__clerk_ticket=${tokens[i]?.token}`;
      expect(mail.toAddress).toBe(`Dana ${i === 0 ? "Reyes" : "Reyes-Ortiz"} <${input.email}>`);
      expect(mail.text).toContain(url);
      expect(mail.messageId).toBe(`<sign-in-link-${tokens[i]?.id}@app.dripr.test>`);
    });
    expect(second.signInLink).toMatchObject({ to: input.email, signInTokenId: tokens[1]?.id });

    // A third identical run changes nothing in Clerk.
    const patchesBefore = clerk.count("PATCH", "/v1/users");
    const third = await createManagedAgent(deps, {
      ...input,
      lastName: "Reyes-Ortiz",
      sendSignInLink: false,
    });
    expect(third.clerk.action).toBe("unchanged");
    expect(third.signInLink).toBeNull();
    expect(clerk.count("PATCH", "/v1/users")).toBe(patchesBefore);
  });

  it("invalid input changes nothing: no request reaches Clerk, no User is written", async () => {
    const before = clerk.requests.length;
    const users = await getDb().user.count();
    for (const bad of [
      agentInput({ email: "not-an-email" }),
      agentInput({ firstName: "  " }),
      agentInput({ lastName: "Reyes\r\nBcc: x@example.com" }),
      agentInput({ managedClientId: "acme realty!" }),
      agentInput({ managedClientId: undefined }),
    ]) {
      await expect(createManagedAgent(deps, bad as never)).rejects.toThrow(ZodError);
    }
    expect(clerk.requests.length).toBe(before);
    expect(await getDb().user.count()).toBe(users);
  });

  it("Clerk refuses the create: nothing is stored, and the re-run creates the agent", async () => {
    const input = agentInput();
    clerk.failNext("POST", "/v1/users", 500);
    await expect(createManagedAgent(deps, input)).rejects.toThrow(
      `Clerk: creating a user for ${input.email} failed (500 internal_clerk_error`,
    );
    expect(clerkUsersWith(input.email)).toHaveLength(0);
    expect(await getDb().user.count({ where: { email: input.email } })).toBe(0);
    const rerun = await createManagedAgent(deps, input);
    expect(rerun.clerk.action).toBe("created");
    expect(rerun.user.action).toBe("created");
  });

  it("Clerk created the user but its answer was lost: the re-run finds it and creates only the User", async () => {
    const input = agentInput();
    clerk.failNext("POST", "/v1/users", 502, { afterEffect: true });
    await expect(createManagedAgent(deps, input)).rejects.toThrow(/failed \(502 /);
    expect(clerkUsersWith(input.email)).toHaveLength(1);
    expect(await getDb().user.count({ where: { email: input.email } })).toBe(0);
    const rerun = await createManagedAgent(deps, input);
    expect(rerun.clerk).toEqual({ action: "unchanged", clerkUserId: clerkUsersWith(input.email)[0]?.id });
    expect(rerun.user.action).toBe("created");
    expect(clerkCreatesFor(input.email)).toBe(1);
    expect(await userCreatedEvents(rerun.user.userId)).toBe(1);
  });

  it("the database step failed after Clerk: the re-run creates the User without a second Clerk user", async () => {
    const input = agentInput();
    const brokenDb = new Proxy(getDb(), {
      get: (target, property) =>
        property === "$transaction"
          ? () => Promise.reject(new Error("Connection terminated unexpectedly"))
          : Reflect.get(target, property),
    }) as PrismaClient;
    await expect(createManagedAgent({ ...deps, db: brokenDb }, input)).rejects.toThrow(
      "Connection terminated unexpectedly",
    );
    expect(clerkUsersWith(input.email)).toHaveLength(1);
    expect(await getDb().user.count({ where: { email: input.email } })).toBe(0);
    const rerun = await createManagedAgent(deps, input);
    expect(rerun.clerk.action).toBe("unchanged");
    expect(rerun.user.action).toBe("created");
    expect(clerkCreatesFor(input.email)).toBe(1);
    expect(await userCreatedEvents(rerun.user.userId)).toBe(1);
  });

  it("the sign-in mail failed: the agent exists, and the re-run sends one link", async () => {
    const input = agentInput({ sendSignInLink: true });
    let refusals = 0;
    const refusing = {
      ...deps.transport,
      send: async () => {
        refusals += 1;
        throw new DeliveryError("permanent", "the mailbox refused the message");
      },
    };
    await expect(createManagedAgent({ ...deps, transport: refusing }, input)).rejects.toThrow(
      "the mailbox refused the message",
    );
    expect(refusals).toBe(1);
    const user = await getDb().user.findUniqueOrThrow({ where: { email: input.email } });
    expect(await outboxFor(user.id, "sign-in-link")).toHaveLength(0);
    const rerun = await createManagedAgent(deps, input);
    expect(rerun).toMatchObject({
      clerk: { action: "unchanged" },
      user: { action: "synced", userId: user.id },
    });
    expect(await outboxFor(user.id, "sign-in-link")).toHaveLength(1);
  });

  it("a self-serve Clerk user with the email becomes managed; its other metadata is kept", async () => {
    const input = agentInput();
    const seeded = clerk.seedUser({
      email: input.email,
      firstName: "Dana",
      lastName: "Reyes",
      publicMetadata: { onboarding: "done" },
      updatedAt: new Date("2026-01-15T12:00:00.000Z"),
    });
    const result = await createManagedAgent(deps, input);
    expect(result.clerk).toEqual({
      action: "updated",
      clerkUserId: seeded.id,
      previousManagedClientId: null,
    });
    expect(clerkUsersWith(input.email)[0]?.public_metadata).toEqual({
      onboarding: "done",
      managedClientId: "acme-realty",
    });
    expect(await getDb().user.findUniqueOrThrow({ where: { id: result.user.userId } })).toMatchObject({
      clerkUserId: seeded.id,
      managedClientId: "acme-realty",
    });
  });

  it("refuses clearly when Clerk is not configured", () => {
    expect(() => createAgentAdminDeps(deliveryTestConfig({}), getDb(), logger)).toThrow(
      ClerkNotConfiguredError,
    );
  });
});

describe("npm run agents:create-managed", () => {
  const run = (args: string[]) =>
    promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "--conditions=react-server", "scripts/create-managed-agent.ts", ...args],
      {
        env: {
          ...process.env,
          DRIPR_MODE: "local",
          APP_URL: "https://app.dripr.test",
          LOG_LEVEL: "warn",
          ...clerkEnv(clerk),
        },
      },
    ).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  it("prints what it did, and refuses bad flags with exit code 1 before calling Clerk", {
    timeout: 60_000,
  }, async () => {
    const { email } = agentInput();
    const flags = ["--email", email, "--first-name", "Dana", "--last-name", "Reyes"];
    const before = clerk.requests.length;
    const refused = await run([...flags, "--managed-client-id", "acme realty"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("invalid input, nothing was changed:\n  --managed-client-id: must be");
    expect(clerk.requests.length).toBe(before);

    const created = await run([...flags, "--managed-client-id", "acme-realty", "--send-sign-in-link"]);
    expect(created).toMatchObject({ code: 0, stderr: "" });
    const user = await getDb().user.findUniqueOrThrow({ where: { email } });
    expect(created.stdout.split("\n")).toEqual([
      `Clerk user ${user.clerkUserId} created`,
      `Dripr User ${user.id} created (managed: no welcome email, no billing)`,
      `sign-in link sent to ${email} (works once, until ${new Date(NOW.getTime() + 48 * 3600_000).toISOString()})`,
      "",
    ]);
  });
});
