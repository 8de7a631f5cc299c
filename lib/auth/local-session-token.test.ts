import { describe, expect, it } from "vitest";
import {
  LOCAL_SESSION_TTL_SECONDS,
  signLocalSession,
  verifyLocalSession,
} from "@/lib/auth/local-session-token";

const secret = "test-secret-that-is-long-enough-to-sign";
const userId = "0196f1c2-0000-7000-8000-000000000001";

describe("local session tokens", () => {
  it("round-trips the agent id", async () => {
    expect(await verifyLocalSession(await signLocalSession(userId, secret), secret)).toBe(userId);
  });

  it("rejects a token signed with another secret", async () => {
    expect(
      await verifyLocalSession(await signLocalSession(userId, "another-secret-entirely-xx"), secret),
    ).toBeNull();
  });

  it("rejects a tampered token", async () => {
    const token = await signLocalSession(userId, secret);
    const [header, payload, signature] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ sub: "someone-else", iss: "dripr-local-auth" })).toString(
      "base64url",
    );
    expect(await verifyLocalSession(`${header}.${forged}.${signature}`, secret)).toBeNull();
    expect(payload).toBeTruthy();
  });

  it("rejects an expired token", async () => {
    const issued = new Date("2026-01-01T00:00:00Z");
    const token = await signLocalSession(userId, secret, issued);
    const later = new Date(issued.getTime() + (LOCAL_SESSION_TTL_SECONDS + 1) * 1000);
    expect(await verifyLocalSession(token, secret, later)).toBeNull();
  });

  it("treats a missing cookie as signed out", async () => {
    expect(await verifyLocalSession(undefined, secret)).toBeNull();
  });
});
