import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import {
  BILLING_APP_PORT,
  BILLING_APP_URL,
  BILLING_ENV,
  STRIPE_SERVER_COMMAND,
  STRIPE_SERVER_URL,
} from "./e2e/support/billing-e2e";
import {
  CLERK_APP_PORT,
  CLERK_APP_URL,
  CLERK_BAPI_PORT,
  CLERK_BAPI_URL,
  CLERK_PUBLIC_KEY_FILE,
  CLERK_PUBLISHABLE_KEY,
  CLERK_SECRET_KEY,
  CLERK_WEBHOOK_SECRET,
} from "./e2e/support/clerk-e2e";

/**
 * Browser tests: Debian's Chromium (never `playwright install`, which downloads) against a
 * production build of the app in local mode, backed by a clean, migrated and seeded database.
 * The `clerk` project runs the same build a second time with Clerk configured (e2e/support/clerk-e2e.ts),
 * the `billing` project a third time with Stripe configured, on its own database (e2e/support/billing-e2e.ts).
 */

const CI = Boolean(process.env.CI);
const APP_PORT = 3100;
const APP_URL = `http://127.0.0.1:${APP_PORT}`;
// e2e/support/e2e-services.ts uses the same numbers.
const E2E_DATABASE_URL = "postgresql://postgres:postgres@127.0.0.1:54349/dripr_e2e";
const E2E_AWS_ENDPOINT = "http://127.0.0.1:54341";
const E2E_SERVICES_READY_URL = "http://127.0.0.1:54348/";

/**
 * `command` run in place of the shell Playwright starts. On Linux it also gets SIGTERM when Playwright
 * itself dies (SIGKILL, crash): otherwise the servers outlive the run, and the next local run would
 * silently reuse them (reuseExistingServer) with stale data or an old build.
 */
function tiedToPlaywright(command: string): string {
  const quoted = `'${command.replaceAll("'", `'\\''`)}'`;
  return existsSync("/usr/bin/setpriv")
    ? `exec setpriv --pdeathsig SIGTERM -- sh -c ${quoted}`
    : `exec sh -c ${quoted}`;
}

/** Debian's Chromium, for the projects that open pages. */
const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  },
};

/** Every app server: the production build in local mode (loopback APP_URL) on the e2e services. */
const appEnv = {
  DRIPR_MODE: "local",
  DATABASE_URL: E2E_DATABASE_URL,
  AWS_ENDPOINT_URL: E2E_AWS_ENDPOINT,
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "local",
  AWS_SECRET_ACCESS_KEY: "local",
  EMAIL_BUCKET: "dripr-local-emails",
  NEXT_TELEMETRY_DISABLED: "1",
};

export default defineConfig({
  testDir: "e2e",
  forbidOnly: CI,
  retries: 0,
  workers: CI ? 1 : undefined,
  reporter: CI ? [["list"], ["html", { open: "never" }]] : "list",
  timeout: 30_000,
  use: {
    baseURL: APP_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "clerk",
      testMatch: /clerk-.*\.spec\.ts/,
      use: { baseURL: CLERK_APP_URL },
    },
    {
      name: "billing",
      testMatch: /billing-.*\.spec\.ts/,
      use: { ...chromium, baseURL: BILLING_APP_URL },
    },
    {
      name: "chromium",
      testIgnore: /(clerk|billing)-.*\.spec\.ts/,
      use: chromium,
    },
  ],
  // Started in this order (Playwright runs webServer before globalSetup, so the database is one).
  webServer: [
    {
      // PostgreSQL (migrated, seeded) and the SNS/SQS/S3 emulator.
      name: "e2e-services",
      command: tiedToPlaywright(
        "exec node --import tsx --conditions=react-server e2e/support/e2e-services.ts",
      ),
      url: E2E_SERVICES_READY_URL,
      reuseExistingServer: !CI,
      timeout: 120_000,
      stdout: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    },
    {
      name: "app",
      // `next build && next start`, with `next start` replacing the shell (see tiedToPlaywright).
      command: tiedToPlaywright(
        `npm run build && exec node node_modules/next/dist/bin/next start -p ${APP_PORT} -H 127.0.0.1`,
      ),
      url: `${APP_URL}/api/health`,
      reuseExistingServer: !CI,
      timeout: 240_000,
      stdout: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      env: { ...appEnv, APP_URL },
    },
    {
      name: "clerk-backend-api",
      command: tiedToPlaywright(
        `exec node --import tsx test/vendors/start-clerk-server.ts --port ${CLERK_BAPI_PORT} --secret-key ${CLERK_SECRET_KEY}`,
      ),
      url: `${CLERK_BAPI_URL}/health`,
      reuseExistingServer: !CI,
      timeout: 30_000,
      stdout: "pipe",
    },
    {
      // The build above, started again with Clerk: the keys are read at run time (lib/env.ts).
      name: "app-with-clerk",
      command: tiedToPlaywright(
        `node --import tsx e2e/support/clerk-e2e.ts && CLERK_JWT_KEY="$(cat '${CLERK_PUBLIC_KEY_FILE}')" exec node node_modules/next/dist/bin/next start -p ${CLERK_APP_PORT} -H localhost`,
      ),
      url: `${CLERK_APP_URL}/api/health`,
      reuseExistingServer: !CI,
      timeout: 60_000,
      stdout: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      env: {
        ...appEnv,
        APP_URL: CLERK_APP_URL,
        CLERK_SECRET_KEY,
        NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: CLERK_PUBLISHABLE_KEY,
        CLERK_API_URL: CLERK_BAPI_URL,
        CLERK_WEBHOOK_SIGNING_SECRET: CLERK_WEBHOOK_SECRET,
        CLERK_TELEMETRY_DISABLED: "1",
        NEXT_PUBLIC_CLERK_TELEMETRY_DISABLED: "1",
        NEXT_PUBLIC_CLERK_KEYLESS_DISABLED: "1",
        CLERK_DISABLE_AUTO_PROXY: "1",
      },
    },
    {
      // Stripe's API for the app below; its Checkout page completes the session and POSTs the events.
      name: "stripe",
      command: tiedToPlaywright(STRIPE_SERVER_COMMAND),
      url: `${STRIPE_SERVER_URL}/health`,
      reuseExistingServer: !CI,
      timeout: 30_000,
      stdout: "pipe",
    },
    {
      // The build again, with Stripe: billing on, on the billing database.
      name: "app-with-stripe",
      command: tiedToPlaywright(
        `exec node node_modules/next/dist/bin/next start -p ${BILLING_APP_PORT} -H 127.0.0.1`,
      ),
      url: `${BILLING_APP_URL}/api/health`,
      reuseExistingServer: !CI,
      timeout: 60_000,
      stdout: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      env: { ...appEnv, ...BILLING_ENV },
    },
  ],
});
