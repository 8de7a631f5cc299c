import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BucketAlreadyOwnedByYou, CreateBucketCommand } from "@aws-sdk/client-s3";
import { createS3Client } from "@/lib/clients/aws/s3-client";
import { createSnsClient } from "@/lib/clients/aws/sns-client";
import { createSqsClient } from "@/lib/clients/aws/sqs-client";
import { type AppConfig, ConfigError, LOCAL_DEFAULTS, parseConfig } from "@/lib/env";
import { provisionTopology } from "@/lib/events/provision-topology";
import { buildTopology } from "@/lib/events/topology";
import { bold, say } from "./lib/output";
import { describeExit, Supervisor } from "./lib/processes";
import { assertPortFree, lineMatching, PortInUseError, portAccepts, whenReady } from "./lib/readiness";

/**
 * `npm run dev`: the whole local stack (DESIGN.md §9) with nothing installed but node_modules —
 * embedded PostgreSQL (unless DATABASE_URL is set), the fauxqs SNS/SQS/S3 emulator, migrations,
 * demo data on first run, `next dev` and the workers. Ctrl-C, SIGTERM or any child crashing stops
 * everything, last started first. See scripts/lib/processes.ts for how nothing is left behind.
 */

const root = fileURLToPath(new URL("..", import.meta.url));
process.chdir(root);

const POSTGRES = { port: 54329, dataDir: ".data/postgres", database: "dripr" };
const FAUXQS_PORT = Number(new URL(LOCAL_DEFAULTS.awsEndpoint).port);
const APP_PORT = Number(new URL(LOCAL_DEFAULTS.appUrl).port);
const node = process.execPath;
const tsx = ["--import", "tsx"];
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

// The launcher honours the same env files as Next, so a DATABASE_URL there is used by every child.
for (const file of [".env.local", ".env"]) if (existsSync(file)) process.loadEnvFile(file);
// The pinned AWS SDK works on Node 20 but warns, in every process, that later versions will need 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const startedAt = Date.now();
const supervisor = new Supervisor((child, exit) =>
  stop(1, `${child.name} exited unexpectedly (${describeExit(exit)}); stopping everything`),
);

let stopping = false;
async function stop(code: number, reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  say(reason);
  await supervisor.stopAll();
  say("everything stopped");
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (!stopping) return void stop(0, `${signal}: stopping everything…`);
    say(`${signal} again: killing everything now`);
    supervisor.killAll();
    process.exit(1);
  });
}

// `npm run dev` starts the launcher through `sh -c`, and a SIGTERM to npm kills that shell without
// reaching us: notice when our parent goes away and stop as if signalled.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) void stop(0, "the parent process exited: stopping everything…");
}, 250).unref();

async function main(): Promise<void> {
  const externalDatabase = process.env.DATABASE_URL;
  await assertPortFree(APP_PORT, "Next.js app");
  await assertPortFree(FAUXQS_PORT, "fauxqs SNS/SQS/S3 emulator");
  if (!externalDatabase) await assertPortFree(POSTGRES.port, "embedded PostgreSQL");

  const databaseUrl = externalDatabase ?? (await startEmbeddedPostgres());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DRIPR_MODE: "local",
    DATABASE_URL: databaseUrl,
    APP_URL: LOCAL_DEFAULTS.appUrl,
    AWS_ENDPOINT_URL: LOCAL_DEFAULTS.awsEndpoint,
    AWS_REGION: LOCAL_DEFAULTS.region,
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    EMAIL_BUCKET: LOCAL_DEFAULTS.emailBucket,
    NEXT_TELEMETRY_DISABLED: "1",
    // Local mode shortens the pipeline's waits so a new campaign's first email arrives in minutes
    // (still inside the agent's sending window); any of these set by the user wins.
    FIRST_TIME_CAMPAIGN_DELAY_HOURS: process.env.FIRST_TIME_CAMPAIGN_DELAY_HOURS ?? "0.05",
    POLLER_INTERVAL_MS: process.env.POLLER_INTERVAL_MS ?? "2000",
    STUCK_AFTER_MINUTES: process.env.STUCK_AFTER_MINUTES ?? "2",
    ...(process.stdout.isTTY && !process.env.NO_COLOR ? { FORCE_COLOR: "1" } : {}),
  };
  const config = parseConfig(env);

  await startEmulator(config);
  await prepareDatabase(env);

  const next = supervisor.start("next", node, [nextBin, "dev", "--port", String(APP_PORT)], { env });
  const workersStarted = lineMatching(/"msg":"workers started"/);
  const workers = supervisor.start(
    "workers",
    node,
    [...tsx, "--conditions=react-server", "workers/index.ts"],
    {
      env,
      onLine: workersStarted.onLine,
    },
  );
  await Promise.all([
    whenReady(next, portAccepts(next, APP_PORT), 120_000),
    whenReady(workers, workersStarted.seen, 60_000),
  ]);

  printSummary(config, externalDatabase);
}

async function startEmbeddedPostgres(): Promise<string> {
  const ready = lineMatching(/^ready: postgresql:\/\//);
  const args = [
    "--data-dir",
    POSTGRES.dataDir,
    "--port",
    String(POSTGRES.port),
    "--database",
    POSTGRES.database,
  ];
  const child = supervisor.start("postgres", node, [...tsx, "scripts/services/postgres.ts", ...args], {
    env: process.env,
    onLine: ready.onLine,
  });
  // The first run also runs initdb.
  const line = await whenReady(child, ready.seen, 120_000);
  return line.slice("ready: ".length).trim();
}

/** fauxqs keeps everything in memory, so the bucket is created on every start. */
async function startEmulator(config: AppConfig): Promise<void> {
  const ready = lineMatching(/^ready: /);
  const child = supervisor.start(
    "fauxqs",
    node,
    [...tsx, "scripts/services/fauxqs.ts", "--port", String(FAUXQS_PORT)],
    {
      env: process.env,
      onLine: ready.onLine,
    },
  );
  await whenReady(child, ready.seen, 30_000);
  const s3 = createS3Client(config.aws);
  try {
    await s3.send(new CreateBucketCommand({ Bucket: config.aws.emailBucket }));
  } catch (error) {
    if (!(error instanceof BucketAlreadyOwnedByYou)) throw error;
  } finally {
    s3.destroy();
  }
  say(`created S3 bucket ${config.aws.emailBucket} in the emulator`);
  const sns = createSnsClient(config.aws);
  const sqs = createSqsClient(config.aws);
  try {
    const { changes } = await provisionTopology({
      sns,
      sqs,
      topology: buildTopology(config.aws.resourcePrefix),
    });
    say(`provisioned the SNS/SQS topology in the emulator (${changes.length} resources)`);
  } finally {
    sns.destroy();
    sqs.destroy();
  }
}

async function prepareDatabase(env: NodeJS.ProcessEnv): Promise<void> {
  const generated = "lib/generated/prisma/client.ts";
  if (!existsSync(generated) || statSync(generated).mtimeMs < statSync("prisma/schema.prisma").mtimeMs) {
    await supervisor.run("prisma", node, ["scripts/prisma.mjs", "generate"], { env });
  }
  await supervisor.run("migrate", node, ["scripts/prisma.mjs", "migrate", "deploy"], { env });
  await supervisor.run("seed", node, [...tsx, "--conditions=react-server", "scripts/seed.ts"], { env });
  // No cron runtime runs locally: this week's mortgage rates (sample ones without FRED_API_KEY) now.
  const rates = [...tsx, "--conditions=react-server", "scripts/refresh-mortgage-rates.ts"];
  await supervisor.run("rates", node, rates, { env });
}

function printSummary(config: AppConfig, externalDatabase: string | undefined): void {
  const database = externalDatabase
    ? `${redact(externalDatabase)} (from DATABASE_URL)`
    : `${config.databaseUrl} (embedded; data in ${path.resolve(POSTGRES.dataDir)}, delete it for fresh demo data)`;
  const lines = [
    "",
    bold(`Dripr is running (ready in ${((Date.now() - startedAt) / 1000).toFixed(1)}s)`),
    `  App        ${config.appUrl}`,
    `  Sign in    ${config.appUrl}/sign-in → "Continue as the demo agent" (demo@dripr.local)`,
    `  Database   ${database}`,
    `  AWS        ${config.aws.endpoint} (fauxqs: SNS/SQS/S3 in memory, bucket ${config.aws.emailBucket})`,
    "  Ctrl-C stops everything.",
    "",
  ];
  for (const line of lines) say(line);
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "****";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

main().catch((error: unknown) => {
  const message =
    error instanceof PortInUseError || error instanceof ConfigError
      ? error.message
      : `startup failed: ${error instanceof Error ? error.message : String(error)}`;
  void stop(1, message);
});
