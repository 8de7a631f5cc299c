import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClerkAuthConfig } from "@/lib/env-types";
import { type ClerkBackendServer, startClerkBackendServer } from "@/test/vendors/clerk-server";
import { createClerkBackend } from "./clerk-backend";

// The real SDK wrapper against the local Backend API wire server: what goes over the wire and what
// comes back in Dripr's words. Clerk's clock is fixed; updates move updated_at on by a millisecond.

const CLERK_NOW = new Date("2026-03-02T10:00:00.000Z");
let clerk: ClerkBackendServer;

function clerkConfig(overrides: Partial<ClerkAuthConfig> = {}): ClerkAuthConfig {
  return {
    provider: "clerk",
    secretKey: clerk.secretKey,
    publishableKey: "pk_test_ZmFrZS1pbnN0YW5jZS0xMi5jbGVyay5hY2NvdW50cy5kZXYk",
    webhookSecret: undefined,
    jwtKey: undefined,
    apiUrl: clerk.url,
    authorizedParties: ["https://app.dripr.test"],
    signInLinkTtlSeconds: 7 * 24 * 3600,
    ...overrides,
  };
}

beforeAll(async () => {
  clerk = await startClerkBackendServer({ now: () => CLERK_NOW });
});
afterAll(async () => {
  await clerk?.close();
});

const lastRequest = () => clerk.requests.at(-1);

describe("createClerkBackend", () => {
  it("reads a user: primary email, names, managedClientId from public metadata, updated_at", async () => {
    const seeded = clerk.seedUser({
      email: "Dana.Reyes@Example.com",
      firstName: "Dana",
      lastName: null,
      publicMetadata: { managedClientId: "acme-realty" },
      updatedAt: new Date("2026-02-01T08:30:00.000Z"),
    });
    const profile = await createClerkBackend(clerkConfig()).getUser(seeded.id);
    expect(profile).toEqual({
      clerkUserId: seeded.id,
      email: "dana.reyes@example.com",
      firstName: "Dana",
      lastName: "",
      managedClientId: "acme-realty",
      updatedAt: new Date("2026-02-01T08:30:00.000Z"),
    });
    expect(lastRequest()).toMatchObject({ method: "GET", path: `/v1/users/${seeded.id}` });
    expect(lastRequest()?.headers.authorization).toBe(`Bearer ${clerk.secretKey}`);
  });

  it("answers null for a user Clerk does not have (404)", async () => {
    expect(await createClerkBackend(clerkConfig()).getUser("user_missing")).toBeNull();
  });

  it("finds a user by email address, whatever its case, and null when none holds it", async () => {
    const seeded = clerk.seedUser({ email: "finder@example.com", firstName: "Fin", lastName: "Der" });
    const backend = createClerkBackend(clerkConfig());
    const found = await backend.findUserByEmail(" Finder@Example.COM ");
    expect(found).toMatchObject({
      clerkUserId: seeded.id,
      email: "finder@example.com",
      managedClientId: null,
    });
    const list = clerk.requests.findLast((r) => r.method === "GET" && r.path === "/v1/users");
    expect(list?.query.getAll("email_address")).toEqual(["finder@example.com"]);
    expect(await backend.findUserByEmail("nobody@example.com")).toBeNull();
  });

  it("creates a user with managedClientId in public metadata and no password", async () => {
    const backend = createClerkBackend(clerkConfig());
    const created = await backend.createUser({
      email: "new.agent@example.com",
      firstName: "New",
      lastName: "Agent",
      managedClientId: "harbor-brokerage",
    });
    expect(created).toMatchObject({
      email: "new.agent@example.com",
      firstName: "New",
      lastName: "Agent",
      managedClientId: "harbor-brokerage",
      updatedAt: CLERK_NOW,
    });
    expect(created.clerkUserId).toMatch(/^user_[A-Za-z0-9]{27}$/);
    expect(lastRequest()).toMatchObject({
      method: "POST",
      path: "/v1/users",
      body: {
        email_address: ["new.agent@example.com"],
        first_name: "New",
        last_name: "Agent",
        // Only top-level keys are snake_cased: the metadata key arrives as written.
        public_metadata: { managedClientId: "harbor-brokerage" },
        skip_password_requirement: true,
      },
    });
    expect(clerk.users().find((u) => u.id === created.clerkUserId)?.public_metadata).toEqual({
      managedClientId: "harbor-brokerage",
    });
  });

  it("updates names and merges managedClientId into public metadata, keeping other keys", async () => {
    const seeded = clerk.seedUser({
      email: "merge@example.com",
      firstName: "Old",
      lastName: "Name",
      publicMetadata: { managedClientId: "old-client", plan: "team", nested: { a: 1 } },
      privateMetadata: { note: "kept" },
    });
    const updated = await createClerkBackend(clerkConfig()).updateUser(seeded.id, {
      firstName: "New",
      lastName: "Name",
      managedClientId: "new-client",
    });
    expect(updated).toMatchObject({ firstName: "New", lastName: "Name", managedClientId: "new-client" });
    expect(updated.updatedAt.getTime()).toBeGreaterThan(seeded.updated_at);
    const stored = clerk.users().find((u) => u.id === seeded.id);
    expect(stored?.public_metadata).toEqual({
      managedClientId: "new-client",
      plan: "team",
      nested: { a: 1 },
    });
    expect(stored?.private_metadata).toEqual({ note: "kept" });
    const [names, metadata] = clerk.requests.slice(-2);
    expect(names).toMatchObject({ method: "PATCH", path: `/v1/users/${seeded.id}` });
    expect(names?.body).toEqual({ first_name: "New", last_name: "Name" });
    expect(metadata).toMatchObject({
      method: "PATCH",
      path: `/v1/users/${seeded.id}/metadata`,
      body: { public_metadata: { managedClientId: "new-client" } },
    });
  });

  it("updates only the names when no managedClientId is given", async () => {
    const seeded = clerk.seedUser({ email: "names@example.com", publicMetadata: { managedClientId: "x" } });
    const before = clerk.requests.length;
    const updated = await createClerkBackend(clerkConfig()).updateUser(seeded.id, {
      firstName: "Only",
      lastName: "Names",
    });
    expect(updated).toMatchObject({ firstName: "Only", managedClientId: "x" });
    expect(clerk.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
      `PATCH /v1/users/${seeded.id}`,
    ]);
  });

  it("creates a single-use sign-in token with the lifetime asked for and says when it expires", async () => {
    const seeded = clerk.seedUser({ email: "ticket@example.com" });
    const token = await createClerkBackend(clerkConfig()).createSignInToken(seeded.id, 3600);
    const issued = clerk.signInTokens().at(-1);
    expect(lastRequest()).toMatchObject({
      method: "POST",
      path: "/v1/sign_in_tokens",
      body: { user_id: seeded.id, expires_in_seconds: 3600 },
    });
    expect(token).toEqual({
      id: issued?.id,
      token: issued?.token,
      expiresAt: new Date(CLERK_NOW.getTime() + 3600_000),
    });
    expect(issued).toMatchObject({ user_id: seeded.id, status: "pending", expires_in_seconds: 3600 });
  });

  it("turns Clerk's errors into messages naming the call, the status and Clerk's long message", async () => {
    const backend = createClerkBackend(clerkConfig());
    clerk.seedUser({ email: "taken@example.com" });
    await expect(
      backend.createUser({ email: "taken@example.com", firstName: "T", lastName: "K" }),
    ).rejects.toThrow(
      "Clerk: creating a user for taken@example.com failed (422 form_identifier_exists: That email address is taken. Please try another.)",
    );
    clerk.failNext("GET", "/v1/users/", 500);
    await expect(backend.getUser("user_any")).rejects.toThrow(
      /^Clerk: reading user user_any failed \(500 internal_clerk_error: There was an internal error/,
    );
    await expect(backend.createSignInToken("user_gone", 60)).rejects.toMatchObject({
      name: "ClerkBackendError",
      status: 404,
      codes: ["resource_not_found"],
      message: expect.stringContaining("No user was found with id user_gone"),
    });
  });

  it("a wrong secret key: 401 from Clerk, and the message says the key is invalid", async () => {
    const backend = createClerkBackend(clerkConfig({ secretKey: "sk_test_wrong" }));
    await expect(backend.getUser("user_any")).rejects.toThrow(
      "Clerk: reading user user_any failed (401 clerk_key_invalid: The provided Clerk Secret Key is invalid.",
    );
    expect(lastRequest()?.headers.authorization).toBe("Bearer sk_test_wrong");
  });

  it("an unreachable Backend API fails with a message saying what was attempted", async () => {
    const gone = await startClerkBackendServer();
    const url = gone.url;
    await gone.close();
    const backend = createClerkBackend(clerkConfig({ apiUrl: url }));
    await expect(backend.findUserByEmail("a@example.com")).rejects.toThrow(
      /^Clerk: looking up the user with email a@example\.com failed \(/,
    );
  });
});
