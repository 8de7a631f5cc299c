import { describe, expect, it } from "vitest";
import { afterSignInPath, isPublicPath, signedOutResponse } from "@/lib/auth/route-access";

describe("isPublicPath", () => {
  it("opens the landing page, sign-in, one-click links, webhooks and health; nothing else", () => {
    for (const path of [
      "/",
      "/sign-in",
      "/sign-up",
      "/approve/abc",
      "/unsubscribe/abc",
      "/api/webhooks/clerk",
      "/api/health",
    ]) {
      expect(isPublicPath(path), path).toBe(true);
    }
    for (const path of [
      "/dashboard",
      "/campaigns/1",
      "/settings",
      "/outbox",
      "/sign-inx",
      "/approvex",
      "/api/gmail/oauth/callback",
      "/api/webhooksx",
    ]) {
      expect(isPublicPath(path), path).toBe(false);
    }
  });
});

describe("afterSignInPath", () => {
  it("returns to a path of this app, with its query", () => {
    expect(afterSignInPath("/campaigns?q=336")).toBe("/campaigns?q=336");
    expect(afterSignInPath("/settings")).toBe("/settings");
  });

  it("never leaves the app (open redirects) and defaults to the dashboard", () => {
    for (const bad of [
      "https://evil.example",
      "//evil.example/x",
      "/\\\\evil.example",
      "javascript:alert(1)",
      "",
      null,
      undefined,
      42,
    ]) {
      expect(afterSignInPath(bad), String(bad)).toBe("/dashboard");
    }
  });
});

describe("signedOutResponse", () => {
  const get = (path: string, headers: Record<string, string> = {}) =>
    signedOutResponse(new Request(`http://localhost:3000${path}`, { headers }));

  it("sends a browser to sign-in with the way back, from a page or an API callback", () => {
    for (const [path, headers] of [
      ["/campaigns?q=1", {}],
      ["/api/gmail/oauth/callback?code=x", { "sec-fetch-dest": "document" }],
      ["/api/gmail/oauth/callback?code=x", { accept: "text/html,application/xhtml+xml" }],
    ] as const) {
      const response = get(path, headers);
      expect(response?.status, path).toBe(307);
      const location = new URL(response?.headers.get("location") ?? "");
      expect(location.pathname).toBe("/sign-in");
      expect(location.searchParams.get("redirect_url")).toBe(path);
    }
  });

  it("answers an API call 401 and lets a server action's POST through to authorise itself", async () => {
    const api = get("/api/gmail/oauth/callback", { accept: "application/json" });
    expect(api?.status).toBe(401);
    expect(await api?.json()).toEqual({ error: "Sign in first" });
    expect(
      signedOutResponse(new Request("http://localhost:3000/campaigns", { method: "POST" })),
    ).toBeUndefined();
  });
});
