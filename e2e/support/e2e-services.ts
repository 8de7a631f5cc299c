import { createServer } from "node:http";
import path from "node:path";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { type FauxqsServer, startFauxqs } from "fauxqs";
import { createS3Client } from "@/lib/clients/aws/s3-client";
import { closeDbClient, createDbClient } from "@/lib/db";
import { seedDemoAgent } from "@/lib/demo/seed-demo-agent";
import { LOCAL_DEFAULTS } from "@/lib/env";
import { type LocalPostgres, startLocalPostgres } from "@/scripts/lib/local-postgres";
import { createDatabase, migrateDeploy, REPO_ROOT } from "@/scripts/lib/test-databases";
import { BILLING_DATABASE } from "./billing-e2e";

/**
 * The browser tests' backing services, started by playwright.config.ts as its first `webServer`:
 * - a clean embedded PostgreSQL (port 54349, .data/e2e-postgres wiped at every start) with database
 *   `dripr_e2e` migrated and seeded with the demo agents, and `dripr_e2e_billing`, the migrated
 *   database before the seed, for the app with Stripe (billing-e2e.ts);
 * - the fauxqs SNS/SQS/S3 emulator (port 54341, in memory) with the email bucket, because the app's
 *   health check (its readiness URL) also checks the queue. Not 54331, so a running `npm run dev`
 *   is never used by accident.
 * When everything is ready it answers `GET http://127.0.0.1:54348/` with 200, which is what
 * Playwright waits for before starting the app. Runs until SIGTERM/SIGINT, then stops both.
 *
 *   node --import tsx --conditions=react-server e2e/support/e2e-services.ts
 * (`react-server` makes `server-only`, imported by lib/db, a no-op outside Next.js.)
 */

// playwright.config.ts uses the same numbers.
const E2E_POSTGRES_PORT = 54349;
const E2E_READY_PORT = 54348;
const E2E_DATABASE = "dripr_e2e";
const E2E_AWS_PORT = 54341;
const DATA_DIR = path.join(REPO_ROOT, ".data", "e2e-postgres");

const log = (line: string) => console.log(`[e2e-db] ${line}`);
let server: LocalPostgres | undefined;
let emulator: FauxqsServer | undefined;

async function main(): Promise<void> {
  const startedAt = Date.now();

  const ready = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/plain" }).end("ready\n");
  });
  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    log(`${reason}: stopping PostgreSQL and the emulator`);
    ready.close();
    await Promise.allSettled([emulator?.stop(), server?.stop()]);
    process.exit(0);
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
  // Playwright killed with SIGKILL cannot stop us: on Linux setpriv sends SIGTERM (playwright.config.ts,
  // tiedToPlaywright); elsewhere, notice that we were orphaned.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && void shutdown("Playwright is gone"), 1000).unref();

  server = await startLocalPostgres({ dataDir: DATA_DIR, port: E2E_POSTGRES_PORT, log, fresh: true });
  await server.ensureDatabase(E2E_DATABASE);
  const url = server.url(E2E_DATABASE);
  log(`migrating ${E2E_DATABASE}`);
  await migrateDeploy(url);
  // A copy of the migrated schema (nothing is connected to it now, as a template needs).
  await createDatabase(server.url("postgres"), BILLING_DATABASE, E2E_DATABASE);
  await seedDemoData(url);
  emulator = await startEmulator();

  await new Promise<void>((resolve, reject) => {
    ready.once("error", reject);
    ready.listen(E2E_READY_PORT, "127.0.0.1", resolve);
  });
  log(`ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ${url}`);
}

async function startEmulator(): Promise<FauxqsServer> {
  const started = await startFauxqs({ port: E2E_AWS_PORT, logger: false });
  const s3 = createS3Client({
    region: LOCAL_DEFAULTS.region,
    endpoint: `http://127.0.0.1:${started.port}`,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: LOCAL_DEFAULTS.emailBucket }));
  } finally {
    s3.destroy();
  }
  log(`fauxqs SNS/SQS/S3 emulator on http://127.0.0.1:${started.port}`);
  return started;
}

/** The same demo data as `npm run dev`, so the browser tests can sign in as the demo agent. */
async function seedDemoData(url: string): Promise<void> {
  const db = createDbClient(url);
  try {
    const result = await seedDemoAgent(db);
    log(`seeded demo data: ${JSON.stringify(result)}`);
  } finally {
    await closeDbClient(db);
  }
}

main().catch(async (error: unknown) => {
  console.error(`[e2e-db] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await Promise.allSettled([emulator?.stop(), server?.stop()]);
  process.exit(1);
});
