import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { clientAddress, createRateLimiter, type RateLimitRule } from "@/lib/security/rate-limits";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
afterAll(() => pool.end());

const rules: RateLimitRule[] = [
  {
    name: "links",
    prefixes: ["/approve", "/unsubscribe"],
    methods: ["GET", "POST"],
    points: 3,
    windowSeconds: 60,
  },
  { name: "health", prefixes: ["/api/health"], methods: ["GET"], points: 2, windowSeconds: 60 },
];
const limiter = createRateLimiter(pool, rules);
const request = (path: string, client: string, method = "GET") =>
  new Request(`http://localhost${path}`, { method, headers: { "x-forwarded-for": `10.9.9.9, ${client}` } });

describe("rate limits", () => {
  it("let a client through up to the limit, then answer 429 with Retry-After, counted in PostgreSQL", async () => {
    for (let i = 0; i < 3; i++)
      expect(await limiter(request(`/approve/t${i}`, "198.51.100.1"))).toBeUndefined();
    const refused = await limiter(request("/unsubscribe/t9", "198.51.100.1", "POST"));
    expect(refused?.status).toBe(429);
    const retryAfter = Number(refused?.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const { rows } = await pool.query(`SELECT key, points FROM "RateLimit" WHERE key = 'links:198.51.100.1'`);
    expect(rows).toEqual([{ key: "links:198.51.100.1", points: 4 }]);
  });

  it("count each client and each rule apart; other paths pass uncounted", async () => {
    for (let i = 0; i < 3; i++) await limiter(request("/approve/x", "198.51.100.2"));
    expect((await limiter(request("/approve/x", "198.51.100.2")))?.status).toBe(429);
    expect(await limiter(request("/approve/x", "198.51.100.3"))).toBeUndefined();
    expect(await limiter(request("/api/health", "198.51.100.2"))).toBeUndefined();
    for (let i = 0; i < 10; i++) expect(await limiter(request("/dashboard", "198.51.100.2"))).toBeUndefined();
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM "RateLimit" WHERE key LIKE '%dashboard%'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it("share the count between instances (two limiters, one table)", async () => {
    const other = createRateLimiter(pool, rules);
    expect(await limiter(request("/api/health", "198.51.100.4"))).toBeUndefined();
    expect(await other(request("/api/health", "198.51.100.4"))).toBeUndefined();
    expect((await other(request("/api/health", "198.51.100.4")))?.status).toBe(429);
  });

  it("let requests through when the counting store fails", async () => {
    const broken = new pg.Pool({ connectionString: "postgresql://nobody:x@127.0.0.1:1/none" });
    const open = createRateLimiter(broken, rules);
    for (let i = 0; i < 4; i++) expect(await open(request("/api/health", "198.51.100.5"))).toBeUndefined();
    await broken.end();
  });

  it("take the client address the load balancer appended, not what the client claims", () => {
    const spoofed = new Request("http://localhost/", {
      headers: { "x-forwarded-for": "1.2.3.4, 203.0.113.9" },
    });
    expect(clientAddress(spoofed)).toBe("203.0.113.9");
    expect(clientAddress(new Request("http://localhost/"))).toBe("direct");
  });
});
