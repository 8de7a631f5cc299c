import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GMAIL_READONLY_SCOPE, GMAIL_SEND_SCOPE } from "@/lib/clients/google/google-oauth";
import { getDb } from "@/lib/db";
import { completeGmailConnect } from "@/lib/delivery/gmail-connection/complete-gmail-connect";
import { createConnectState } from "@/lib/delivery/gmail-connection/connect-state";
import { disconnectGmail } from "@/lib/delivery/gmail-connection/disconnect-gmail";
import { getGmailConnection } from "@/lib/delivery/gmail-connection/get-gmail-connection";
import { startGmailConnect } from "@/lib/delivery/gmail-connection/start-gmail-connect";
import { decryptToken } from "@/lib/delivery/token-cipher";
import type { AppConfig } from "@/lib/env";
import type { User } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { createTestAgent } from "@/test/factories/agent";
import { deliveryTestConfig } from "@/test/fakes/delivery-config";
import { type GoogleFake, startGoogleFake } from "@/test/fakes/google-fake";

let google: GoogleFake;
let config: AppConfig;
let agent: User;
let other: User;

beforeAll(async () => {
  google = await startGoogleFake();
  config = deliveryTestConfig({ google });
});
afterAll(async () => {
  await google?.close();
});
beforeEach(async () => {
  agent = await createTestAgent(getDb());
  other = await createTestAgent(getDb());
});

const deps = () => ({ db: getDb(), config, log: logger });
const SCOPE = `openid email ${GMAIL_SEND_SCOPE}`;

async function callback(
  user: User,
  code: string | null,
  overrides: Partial<{ state: string | null; cookieNonce: string | undefined; error: string | null }> = {},
) {
  const { state, nonce } = await createConnectState(user.id, config.linkSigningSecret);
  return completeGmailConnect(deps(), user.id, {
    code,
    state,
    cookieNonce: nonce,
    error: null,
    ...overrides,
  });
}

describe("connecting Gmail", () => {
  it("sends the agent to Google for gmail.send (offline, consent) with a signed state", async () => {
    const { url, nonce } = await startGmailConnect(config, agent);
    const target = new URL(url);
    expect(`${target.origin}${target.pathname}`).toBe(google.config.authUrl);
    expect(target.searchParams.get("scope")?.split(" ")).toEqual(["openid", "email", GMAIL_SEND_SCOPE]);
    expect(Object.fromEntries(target.searchParams)).toMatchObject({
      access_type: "offline",
      prompt: "consent",
      client_id: google.clientId,
      redirect_uri: "https://app.dripr.test/api/gmail/oauth/callback",
      response_type: "code",
      login_hint: agent.email,
    });
    expect(nonce.length).toBeGreaterThan(20);
    const withSearch = await startGmailConnect(
      deliveryTestConfig({ google }, { GMAIL_SEARCH_SCOPE: "on" }),
      agent,
    );
    expect(new URL(withSearch.url).searchParams.get("scope")).toContain(GMAIL_READONLY_SCOPE);
  });

  it("stores the grant encrypted, for the signed-in agent only", async () => {
    const code = google.issueCode({
      email: "Sam.Rivera@gmail.com",
      scope: SCOPE,
      refreshToken: `1//${agent.id}`,
    });
    expect(await callback(agent, code)).toEqual({ ok: true, googleEmail: "sam.rivera@gmail.com" });
    const row = await getDb().gmailConnection.findUniqueOrThrow({ where: { userId: agent.id } });
    expect(row).toMatchObject({ googleEmail: "sam.rivera@gmail.com", status: "CONNECTED", scope: SCOPE });
    expect(row.encryptedRefreshToken).not.toContain(`1//${agent.id}`);
    expect(decryptToken(row.encryptedRefreshToken, config.tokenEncryptionKey, agent.id)).toBe(
      `1//${agent.id}`,
    );
    expect(await getGmailConnection(getDb(), other.id)).toBeNull();
    expect(await getGmailConnection(getDb(), agent.id)).toMatchObject({
      googleEmail: "sam.rivera@gmail.com",
      status: "CONNECTED",
    });
  });

  it("refuses a callback whose state is missing, forged, for another agent or from another browser", async () => {
    const code = google.issueCode({ email: "a@gmail.com", scope: SCOPE });
    const { state: othersState, nonce: othersNonce } = await createConnectState(
      other.id,
      config.linkSigningSecret,
    );
    const forged = await createConnectState(agent.id, "not-the-server-secret-not-the-server-secret");
    const cases = [
      { state: null },
      { cookieNonce: undefined },
      { state: othersState, cookieNonce: othersNonce },
      { cookieNonce: "another-browser" },
      { state: forged.state, cookieNonce: forged.nonce },
    ];
    for (const overrides of cases) {
      const result = await callback(agent, code, overrides);
      expect(result).toMatchObject({ ok: false, reason: expect.any(String) });
    }
    const expired = await createConnectState(
      agent.id,
      config.linkSigningSecret,
      new Date(Date.now() - 3_600_000),
    );
    expect(await callback(agent, code, { state: expired.state, cookieNonce: expired.nonce })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/expired/),
    });
    expect(await getDb().gmailConnection.count({ where: { userId: agent.id } })).toBe(0);
    // The code was never spent: the real callback still works.
    expect(await callback(agent, code)).toMatchObject({ ok: true });
  });

  it("explains a denied consent, a missing send permission and a missing refresh token", async () => {
    expect(await callback(agent, null, { error: "access_denied" })).toEqual({
      ok: false,
      reason: "you did not allow access",
    });
    const noSend = google.issueCode({ email: "a@gmail.com", scope: "openid email" });
    expect(await callback(agent, noSend)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("Permission to send email"),
    });
    const noRefresh = google.issueCode({ email: "a@gmail.com", scope: SCOPE, omitRefreshToken: true });
    expect(await callback(agent, noRefresh)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("no refresh token"),
    });
    // Google vouches for the address only when it says so (an unverified one could be anyone's).
    const unverified = google.issueCode({ email: "a@gmail.com", scope: SCOPE, unverifiedEmail: true });
    expect(await callback(agent, unverified)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("not verified"),
    });
    expect(await callback(agent, "4/used-or-made-up")).toMatchObject({
      ok: false,
      reason: expect.stringContaining("expired"),
    });
    expect(await getDb().gmailConnection.count({ where: { userId: agent.id } })).toBe(0);
  });

  it("reconnecting after a revocation clears the revoked state", async () => {
    await callback(agent, google.issueCode({ email: "a@gmail.com", scope: SCOPE }));
    await getDb().gmailConnection.update({
      where: { userId: agent.id },
      data: { status: "REVOKED", revokedAt: new Date(), lastError: "invalid_grant" },
    });
    await callback(agent, google.issueCode({ email: "a@gmail.com", scope: SCOPE }));
    expect(await getDb().gmailConnection.findUniqueOrThrow({ where: { userId: agent.id } })).toMatchObject({
      status: "CONNECTED",
      revokedAt: null,
      lastError: null,
    });
  });
});

describe("disconnecting Gmail", () => {
  it("deletes the grant and revokes it at Google; another agent's grant is untouched", async () => {
    const mine = `1//mine-${agent.id}`;
    const theirs = `1//theirs-${other.id}`;
    await callback(agent, google.issueCode({ email: "a@gmail.com", scope: SCOPE, refreshToken: mine }));
    await callback(other, google.issueCode({ email: "b@gmail.com", scope: SCOPE, refreshToken: theirs }));
    expect(await disconnectGmail(deps(), agent.id)).toBe(true);
    expect(await getDb().gmailConnection.count({ where: { userId: agent.id } })).toBe(0);
    expect(google.grants.get(mine)?.revoked).toBe(true);
    expect(google.grants.get(theirs)?.revoked).toBe(false);
    expect(await getDb().gmailConnection.count({ where: { userId: other.id } })).toBe(1);
    expect(await disconnectGmail(deps(), agent.id)).toBe(false);
  });

  it("still disconnects when Google cannot revoke (already revoked)", async () => {
    const token = `1//gone-${agent.id}`;
    await callback(agent, google.issueCode({ email: "a@gmail.com", scope: SCOPE, refreshToken: token }));
    google.grants.delete(token);
    expect(await disconnectGmail(deps(), agent.id)).toBe(true);
    expect(await getDb().gmailConnection.count({ where: { userId: agent.id } })).toBe(0);
  });
});
