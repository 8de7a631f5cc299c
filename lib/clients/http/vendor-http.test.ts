import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createVendorHttp, retryAfterMs } from "@/lib/clients/http/vendor-http";
import { startVendorServer, type VendorServer } from "@/test/vendors/vendor-server";

let server: VendorServer;
let remaining = 3;

beforeAll(async () => {
  server = await startVendorServer(() => ({
    status: 200,
    headers: { "x-ratelimit-requests-remaining": String(remaining--), "x-ratelimit-requests-limit": "500" },
    json: { ok: true, extra: "ignored" },
  }));
});
afterAll(() => server.close());

function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: "debug" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { lines, log };
}

describe("vendor HTTP", () => {
  it("logs quota headers, and warns when few requests are left", async () => {
    const { lines, log } = capture();
    const http = createVendorHttp({
      vendor: "Zillow (v1)",
      baseUrl: server.url,
      headers: {},
      timeoutMs: 1000,
      retries: 0,
      requestsPerSecond: 100,
      log,
      quotaHeaders: ["x-ratelimit-requests-limit", "x-ratelimit-requests-remaining"],
      lowQuotaWarnAt: 1,
    });
    expect(await http.getJson("/a", {}, z.object({ ok: z.boolean() }))).toEqual({ ok: true });
    await http.getJson("/a", {}, z.object({ ok: z.boolean() }));
    await http.getJson("/a", {}, z.object({ ok: z.boolean() }));
    const quota = lines.filter((l) => String(l.msg).startsWith("vendor quota"));
    expect(
      quota.map((l) => [
        l.level,
        l.msg,
        (l.quota as Record<string, string>)["x-ratelimit-requests-remaining"],
      ]),
    ).toEqual([
      [20, "vendor quota", "3"],
      [20, "vendor quota", "2"],
      [40, "vendor quota running low", "1"],
    ]);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs("soon")).toBeNull();
    const inFive = new Date(Date.now() + 5000).toUTCString();
    expect(retryAfterMs(inFive)).toBeGreaterThan(3000);
    expect(retryAfterMs(inFive)).toBeLessThanOrEqual(5000);
  });
});
