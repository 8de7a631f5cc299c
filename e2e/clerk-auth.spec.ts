import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { Webhook } from "svix";
import {
  CLERK_WEBHOOK_SECRET,
  createClerkUser,
  newKeyPair,
  sessionCookie,
  signSessionToken,
} from "./support/clerk-e2e";

// The production build with Clerk in front (playwright.config.ts, project "clerk"): the real
// clerkMiddleware and auth() verify every request; nothing here reaches Clerk itself.

const E2E_DATABASE_URL = "postgresql://postgres:postgres@127.0.0.1:54349/dripr_e2e";

async function query<T>(sql: string, params: unknown[]): Promise<T[]> {
  const db = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows as T[];
  } finally {
    await db.end();
  }
}

/** The agent rows and USER_CREATED events for one Clerk user. */
async function agentsOf(clerkUserId: string) {
  const users = await query<{ id: string; email: string }>(
    `SELECT id, email FROM "User" WHERE "clerkUserId" = $1`,
    [clerkUserId],
  );
  const events = await query<{ count: string }>(
    `SELECT count(*) FROM "OutboxEvent" WHERE type = 'USER_CREATED' AND payload->>'userId' = ANY($1::text[])`,
    [users.map((u) => u.id)],
  );
  return { users, userCreatedEvents: Number(events[0]?.count ?? 0) };
}

/** The header's "signed in as" name in a server-rendered page. */
function signedInAgent(html: string): string | undefined {
  return html
    .match(/data-testid="signed-in-agent">(.*?)<\/span>/)?.[1]
    ?.replaceAll("<!-- -->", "")
    .trim();
}

async function newClerkUser(firstName: string) {
  return createClerkUser({
    email: `${firstName.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`,
    firstName,
    lastName: "Agent",
  });
}

/** A webhook delivery signed as Clerk (Svix) signs it; `data` is the Backend API's user object. */
function signedDelivery(
  type: string,
  data: unknown,
  msgId = `msg_${randomUUID()}`,
  secret = CLERK_WEBHOOK_SECRET,
) {
  const body = JSON.stringify({ type, object: "event", data, timestamp: Date.now(), instance_id: "ins_e2e" });
  const sentAt = new Date();
  return {
    data: body,
    headers: {
      "content-type": "application/json",
      "svix-id": msgId,
      "svix-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
      "svix-signature": new Webhook(secret).sign(msgId, sentAt, body),
    },
  };
}

test("a signed-out visitor is sent to sign-in from private pages; public pages stay open", async ({
  request,
}) => {
  const dashboard = await request.get("/dashboard", { maxRedirects: 0 });
  expect(dashboard.status()).toBe(307);
  expect(dashboard.headers().location).toBe("/sign-in?redirect_url=%2Fdashboard");
  expect(dashboard.headers()["x-clerk-auth-status"]).toBe("signed-out");

  expect((await request.get("/api/health")).status()).toBe(200);
  const signIn = await request.get("/sign-in");
  expect(signIn.status()).toBe(200);
  // Clerk's sign-in component, configured with the runtime key (its script comes from Clerk's CDN).
  expect(await signIn.text()).toContain("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k");
  expect((await request.get("/sign-up")).status()).toBe(200);
  expect((await request.get("/approve/not-a-token", { maxRedirects: 0 })).status()).not.toBe(307);
});

test("a session before the webhook creates the agent just in time; the webhook, twice, finds it", async ({
  request,
}) => {
  const clerkUser = await newClerkUser("Jane");
  const cookie = sessionCookie(await signSessionToken({ sub: clerkUser.id }));

  const page = await request.get("/dashboard", { headers: { cookie }, maxRedirects: 0 });
  expect(page.status()).toBe(200);
  expect(signedInAgent(await page.text())).toBe("Jane Agent");
  expect(await agentsOf(clerkUser.id)).toMatchObject({ users: [expect.anything()], userCreatedEvents: 1 });

  const delivery = signedDelivery("user.created", clerkUser);
  for (let i = 0; i < 2; i++) {
    const response = await request.post("/api/webhooks/clerk", delivery);
    expect(response.status()).toBe(200);
  }
  const other = await request.post("/api/webhooks/clerk", signedDelivery("user.created", clerkUser));
  expect(other.status()).toBe(200);
  expect(await agentsOf(clerkUser.id)).toMatchObject({ users: [expect.anything()], userCreatedEvents: 1 });
});

test("the webhook before the first session: the session finds the agent the webhook made", async ({
  request,
}) => {
  const clerkUser = await newClerkUser("Omar");
  expect(
    (await request.post("/api/webhooks/clerk", signedDelivery("user.created", clerkUser))).status(),
  ).toBe(200);
  const { users } = await agentsOf(clerkUser.id);
  expect(users).toHaveLength(1);

  const cookie = sessionCookie(await signSessionToken({ sub: clerkUser.id }));
  const page = await request.get("/campaigns", { headers: { cookie }, maxRedirects: 0 });
  expect(page.status()).toBe(200);
  expect(signedInAgent(await page.text())).toBe("Omar Agent");
  expect(await agentsOf(clerkUser.id)).toEqual({ users, userCreatedEvents: 1 });
});

test("expired, tampered, wrong-key and wrong-azp session tokens are refused", async ({ request }) => {
  const clerkUser = await newClerkUser("Mallory");
  const valid = await signSessionToken({ sub: clerkUser.id });
  const [header, , signature] = valid.token.split(".");
  const forgedPayload = Buffer.from(
    JSON.stringify({ sub: "user_someone_else", exp: 9_999_999_999 }),
  ).toString("base64url");
  const refused: Array<[string, string, RegExp]> = [
    ["expired", (await signSessionToken({ sub: clerkUser.id, expiresIn: -120 })).token, /expired/],
    ["tampered", `${header}.${forgedPayload}.${signature}`, /token-invalid-signature/],
    [
      "signed with another key",
      (await signSessionToken({ sub: clerkUser.id, privateKey: newKeyPair().privateKey })).token,
      /token-invalid-signature/,
    ],
    [
      "for another origin",
      (await signSessionToken({ sub: clerkUser.id, azp: "https://evil.example.com" })).token,
      /token-invalid-authorized-parties/,
    ],
    [
      "without azp",
      (await signSessionToken({ sub: clerkUser.id, azp: null })).token,
      /token-invalid-authorized-parties/,
    ],
  ];
  for (const [what, token, reason] of refused) {
    const response = await request.get("/dashboard", {
      headers: { authorization: `Bearer ${token}`, accept: "application/json" },
      maxRedirects: 0,
    });
    expect(response.status(), what).toBe(307);
    expect(response.headers().location, what).toMatch(/\/sign-in\?redirect_url=/);
    expect(response.headers()["x-clerk-auth-reason"], what).toMatch(reason);
  }
  // The same valid token as a Bearer header passes: the refusals above are the tokens' doing.
  const ok = await request.get("/dashboard", {
    headers: { authorization: `Bearer ${valid.token}` },
    maxRedirects: 0,
  });
  expect(ok.status()).toBe(200);
  // A tampered session cookie never renders the page either.
  const cookie = await request.get("/dashboard", {
    headers: {
      cookie: sessionCookie({ token: `${header}.${forgedPayload}.${signature}`, issuedAt: valid.issuedAt }),
    },
    maxRedirects: 0,
  });
  expect(cookie.status()).toBe(307);
  expect(await agentsOf("user_someone_else")).toEqual({ users: [], userCreatedEvents: 0 });
});

test("a webhook with a bad signature is refused and changes nothing", async ({ request }) => {
  const clerkUser = await newClerkUser("Eve");
  const forged = signedDelivery(
    "user.created",
    clerkUser,
    undefined,
    `whsec_${Buffer.from("not-the-secret").toString("base64")}`,
  );
  expect((await request.post("/api/webhooks/clerk", forged)).status()).toBe(400);
  const unsigned = await request.post("/api/webhooks/clerk", {
    data: forged.data,
    headers: { "content-type": "application/json" },
  });
  expect(unsigned.status()).toBe(400);
  expect(await agentsOf(clerkUser.id)).toEqual({ users: [], userCreatedEvents: 0 });
});
