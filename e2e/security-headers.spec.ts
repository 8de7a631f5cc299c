import { readdirSync } from "node:fs";
import path from "node:path";
import { type APIResponse, expect, test } from "@playwright/test";
import { REPO_ROOT } from "@/scripts/lib/test-databases";
import { signInAsDemo } from "./support/sign-in";

// Issue 18: the security headers on every route, signed in and out. The routes come from app/
// itself (every page.tsx and route.ts), so a new page is checked without anyone listing it.

const APP_DIR = path.join(REPO_ROOT, "app");

/** Every route of app/ as a URL path: route groups dropped, dynamic segments given a sample value. */
function appRoutes(dir = APP_DIR, segments: string[] = []): string[] {
  const routes: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      const name = entry.name;
      if (name.startsWith("_") || name.startsWith("@")) continue;
      const segment = name.startsWith("(") ? [] : [name.startsWith("[") ? "00000000-sample" : name];
      routes.push(...appRoutes(path.join(dir, name), [...segments, ...segment]));
    } else if (/^(page\.tsx|route\.ts)$/.test(entry.name)) {
      routes.push(`/${segments.join("/")}`);
    }
  }
  return routes;
}

const ROUTES = appRoutes();
const STATIC_FILES = ["/icon.svg"];

function expectSecurityHeaders(response: APIResponse, route: string, withPolicy: boolean) {
  const headers = response.headers();
  const what = `${route} (${response.status()})`;
  expect(headers["strict-transport-security"], what).toMatch(/max-age=\d{7,}/);
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["x-frame-options"], what).toBe("DENY");
  const tokenPage = route.startsWith("/approve/") || route.startsWith("/unsubscribe/");
  expect(headers["referrer-policy"], what).toBe(
    tokenPage ? "no-referrer" : "strict-origin-when-cross-origin",
  );
  if (!withPolicy) return;
  const policy = headers["content-security-policy"] ?? "";
  expect(policy, what).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
  expect(policy, what).toContain("frame-ancestors 'none'");
  expect(policy, what).toContain("object-src 'none'");
  expect(policy, what).not.toContain("unsafe-eval");
}

test("the routes were found", () => {
  expect(ROUTES).toEqual(
    expect.arrayContaining([
      "/",
      "/dashboard",
      "/approve/00000000-sample",
      "/api/health",
      "/api/webhooks/clerk",
    ]),
  );
});

test("every route has the security headers, signed out", async ({ request }) => {
  for (const route of ROUTES) {
    const response = await request.get(route, { maxRedirects: 0 });
    expectSecurityHeaders(response, route, true);
  }
  for (const file of STATIC_FILES) {
    expectSecurityHeaders(await request.get(file), file, false);
  }
});

test("every route has the security headers signed in, each response its own nonce, on every script", async ({
  page,
}) => {
  await signInAsDemo(page);
  const nonces = new Set<string>();
  for (const route of ROUTES) {
    const response = await page.request.get(route, { maxRedirects: 0 });
    expectSecurityHeaders(response, route, true);
    const nonce = /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1] ?? "";
    expect(nonces.has(nonce), `${route}: a nonce used twice`).toBe(false);
    nonces.add(nonce);
  }

  // Next.js puts the response's nonce on its scripts, so the page runs under the policy.
  const dashboard = await page.request.get("/dashboard");
  const nonce = /'nonce-([^']+)'/.exec(dashboard.headers()["content-security-policy"] ?? "")?.[1];
  const scripts = (await dashboard.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
});

test("the app still works under the policy: no violation while the agent uses it", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text()))
      violations.push(message.text());
  });
  await signInAsDemo(page);
  await page.getByRole("link", { name: "Campaigns" }).first().click();
  await expect(page).toHaveURL(/\/campaigns$/);
  await page.getByRole("link", { name: "New campaign" }).first().click();
  await expect(page.getByRole("heading", { name: /new campaign/i })).toBeVisible();
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  expect(violations).toEqual([]);
});

test("a public endpoint answers 429 with Retry-After past its rate limit, one client at a time", async ({
  request,
}) => {
  // Its own client address (the load balancer's last X-Forwarded-For hop), so no other test's count.
  const client = { "x-forwarded-for": `203.0.113.${Math.floor(Math.random() * 250) + 1}` };
  let response = await request.get("/api/health", { headers: client });
  for (let i = 0; i < 130 && response.status() !== 429; i++) {
    response = await request.get("/api/health", { headers: client });
  }
  expect(response.status()).toBe(429);
  expect(Number(response.headers()["retry-after"])).toBeGreaterThan(0);
  expectSecurityHeaders(response, "/api/health", false);
  // Another client is not affected.
  expect(
    (await request.get("/api/health", { headers: { "x-forwarded-for": "198.51.100.200" } })).status(),
  ).toBe(200);
});
