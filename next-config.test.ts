import type { IncomingMessage, ServerResponse } from "node:http";
// The dev server's own check (Next 16), so the test follows Next's rules rather than restating them.
import { blockCrossSiteDEV } from "next/dist/server/lib/router-utils/block-cross-site-dev";
import { describe, expect, it } from "vitest";
import nextConfig from "./next.config";

/** Whether `next dev` (started without -H, as scripts/dev.ts does) refuses a dev-resource request. */
function blocked(origin: string, path = "/_next/webpack-hmr"): boolean {
  const req = { url: path, headers: { origin } } as unknown as IncomingMessage;
  const res = { statusCode: 200, end: () => undefined } as unknown as ServerResponse;
  return blockCrossSiteDEV(req, res, nextConfig.allowedDevOrigins, undefined);
}

describe("next.config", () => {
  it("lets the dev server's hot reload and chunks work from localhost and 127.0.0.1 (issue 15 #10)", () => {
    expect(blocked("http://localhost:3000")).toBe(false);
    expect(blocked("http://127.0.0.1:3000")).toBe(false);
    expect(blocked("http://127.0.0.1:3000", "/_next/static/chunks/main.js")).toBe(false);
  });

  it("still refuses other sites", () => {
    expect(blocked("http://evil.example")).toBe(true);
    expect(blocked("http://192.168.1.20:3000")).toBe(true);
  });
});
