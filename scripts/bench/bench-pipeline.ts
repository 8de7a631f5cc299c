import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import type { PollContext } from "@/lib/campaigns/poller/poll-context";
import { closeDbClient, createDbClient } from "@/lib/db";
import { parseConfig } from "@/lib/env";
import { logger } from "@/lib/logger";
import { REPO_ROOT } from "../lib/test-databases";
import { type PlanCapture, printSummary, writePlansDoc } from "./bench-report";
import {
  type BenchServices,
  buildWorkerBundle,
  createBenchServices,
  type WorkerBuild,
} from "./bench-services";
import { captureStepQueries, explainQueries } from "./explain-poller";
import { measurePoller, type PollerMeasurement } from "./measure-poller";
import { type EndToEndResult, runEndToEnd, ZIPS } from "./run-end-to-end";
import { countCampaigns, seedAgents, topUpDormantCampaigns, vacuumAnalyze } from "./seed-bench-data";

/**
 * `npm run bench:pipeline -- --campaigns 5000` (issue 3's benchmark), on its own embedded PostgreSQL
 * (.data/bench-postgres, port 54359, a fresh database each run) and its own fauxqs (port 54360):
 *
 *   A. N campaigns due now through a whole cycle in the workers as the container runs them (the
 *      supervisor and WORKER_PROCESSES processes, `auto`: one per CPU): campaigns/s end to end and
 *      the largest worker process's peak resident memory.
 *   B. The table topped up with dormant campaigns to each --sizes (default 100,000 and 1,000,000):
 *      the poller tick time (`pollCampaigns`, in process) with nothing due, with 500 due, and while
 *      those 500 are in flight, and in the steady state of a live system (campaigns waiting for their
 *      send time). --write-plans also writes docs/poller-query-plans.md at the last size.
 *
 * Other options: --sizes none (phase A only), --campaigns 0 (phase B only), --workers N (WORKER_PROCESSES,
 * default auto), --poller-interval-ms, --worker-log-level (info shows the worker's poller ticks),
 * --worker tsx (workers/supervisor.ts under tsx instead of the esbuild bundle the image runs, the
 * default), --worker-node-arg <flag> (repeatable, passed to every worker process;
 * e.g. --worker-node-arg=--cpu-prof --worker-node-arg=--cpu-prof-dir=.data/bench-profile for a CPU
 * profile of the worker), --postgres-port, --fauxqs-port.
 *
 * Prints the numbers against the issue's targets; exits non-zero only when something failed, never
 * because a target was missed. Everything it starts is stopped on exit, error, Ctrl-C or SIGTERM.
 */

const { values } = parseArgs({
  options: {
    campaigns: { type: "string", default: "5000" },
    sizes: { type: "string", default: "100000,1000000" },
    "write-plans": { type: "boolean", default: false },
    "poller-interval-ms": { type: "string", default: "200" },
    "worker-log-level": { type: "string", default: "warn" },
    worker: { type: "string", default: "bundle" },
    workers: { type: "string", default: "auto" },
    "worker-node-arg": { type: "string", multiple: true, default: [] },
    "postgres-port": { type: "string", default: "54359" },
    "fauxqs-port": { type: "string", default: "54360" },
  },
});
const campaigns = positiveInt(values.campaigns, "--campaigns", true);
const sizes =
  values.sizes === "none"
    ? []
    : values.sizes.split(",").map((size) => positiveInt(size.replaceAll("_", ""), "--sizes"));
const PHASE_B_AGENTS = 1_000;
if (values.worker !== "tsx" && values.worker !== "bundle") {
  console.error(`--worker must be tsx or bundle (got ${values.worker})`);
  process.exit(2);
}
const workerBuild: WorkerBuild = values.worker;
const PLANS_FILE = path.join(REPO_ROOT, "docs", "poller-query-plans.md");

const log = (line: string) => console.log(`[bench] ${line}`);
let services: BenchServices | undefined;
let db: pg.Client | undefined;
let prisma: ReturnType<typeof createDbClient> | undefined;
let finishing = false;

async function cleanUp(): Promise<void> {
  if (prisma) await closeDbClient(prisma).catch(() => {});
  await db?.end().catch(() => {});
  await services?.stop();
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (finishing) return;
    finishing = true;
    log(`${signal}: stopping everything the benchmark started…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  process.chdir(REPO_ROOT);
  // The pinned AWS SDK works on Node 20 but warns that later versions will need 22 (as in scripts/dev.ts).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const loadBefore = loadavg();
  log(`load average before: ${loadBefore.map((l) => l.toFixed(2)).join(" ")}`);
  services = createBenchServices();
  await services.start({
    postgresPort: Number(values["postgres-port"]),
    fauxqsPort: Number(values["fauxqs-port"]),
    dataDir: ".data/bench-postgres",
    log,
  });
  db = new pg.Client({ connectionString: services.databaseUrl });
  await db.connect();

  let endToEnd: EndToEndResult | undefined;
  if (campaigns > 0) {
    if (workerBuild === "bundle") {
      log("bundling the worker as npm run build:workers does (.data/bench-worker)");
      await buildWorkerBundle();
    }
    log(`phase A: ${campaigns} campaigns end to end`);
    endToEnd = await runEndToEnd(db, services, {
      campaigns,
      pollerIntervalMs: positiveInt(values["poller-interval-ms"], "--poller-interval-ms"),
      workerLogLevel: values["worker-log-level"],
      workerBuild,
      workerNodeArgs: values["worker-node-arg"],
      processes: values.workers === "auto" ? "auto" : String(positiveInt(values.workers, "--workers")),
      log,
    });
    log(`phase A done in ${endToEnd.seconds.toFixed(1)} s`);
  }

  // The poller runs here, in process, with the workers' defaults (48 h lead, 15 min stuck threshold).
  const config = parseConfig({ DATABASE_URL: services.databaseUrl, DRIPR_MODE: "local" });
  prisma = createDbClient(services.databaseUrl);
  const pollLog = logger.child({ runtime: "bench" });
  pollLog.level = "warn";
  const makeContext = (): PollContext => ({
    db: prisma as NonNullable<typeof prisma>,
    now: new Date(),
    clock: () => new Date(),
    pipeline: config.pipeline,
    billing: undefined,
    batchSize: 500,
    log: pollLog,
  });

  const poller: PollerMeasurement[] = [];
  let plans: PlanCapture | undefined;
  if (sizes.length > 0) await seedAgents(db, campaigns > 0 ? 51 : 1, PHASE_B_AGENTS);
  for (const [index, size] of sizes.entries()) {
    const before = await countCampaigns(db);
    if (before < size) {
      log(`phase B: inserting ${size - before} dormant campaigns (table → ${size})`);
      const started = performance.now();
      await topUpDormantCampaigns(db, size, ZIPS, (rows) => log(`  ${rows} rows`));
      log(`  inserted in ${((performance.now() - started) / 1000).toFixed(1)} s; VACUUM ANALYZE`);
    }
    await vacuumAnalyze(db);
    const explainHere = index === sizes.length - 1 && values["write-plans"];
    let queries: Awaited<ReturnType<typeof captureStepQueries>> = [];
    const client = db;
    const url = services.databaseUrl;
    const measurement = await measurePoller(db, makeContext, {
      whenIdle: explainHere
        ? async () => {
            queries = await captureStepQueries(url, makeContext);
          }
        : undefined,
      whenBusy: explainHere
        ? async () => {
            const rows = await countByStatus(client, "Campaign");
            const emails = await countByStatus(client, "Email");
            const explained = await explainQueries(client, queries);
            plans = { rows, emails, explained, inFlight: (rows.WAITING_FOR_DATA ?? 0) > 0 };
          }
        : undefined,
    });
    poller.push(measurement);
    log(`  ${size} rows: idle tick median ${measurement.idle.median.toFixed(1)} ms`);
  }

  const loadAfter = loadavg();
  const problems = printSummary({ endToEnd, poller, loadBefore, loadAfter });
  if (plans) {
    writePlansDoc(PLANS_FILE, plans, { loadBefore, loadAfter });
    log(`query plans written to ${path.relative(REPO_ROOT, PLANS_FILE)}`);
  }
  if (problems.length > 0) throw new Error(problems.join("; "));
}

async function countByStatus(
  client: pg.Client,
  table: "Campaign" | "Email",
): Promise<Record<string, number>> {
  const { rows } = await client.query<{ status: string; n: string }>(
    `SELECT status::text, count(*) AS n FROM "${table}" GROUP BY status ORDER BY status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

function positiveInt(value: string, name: string, zeroAllowed = false): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < (zeroAllowed ? 0 : 1)) {
    console.error(`${name} must be a ${zeroAllowed ? "non-negative" : "positive"} integer (got ${value})`);
    process.exit(2);
  }
  return n;
}

main().then(
  async () => {
    finishing = true;
    await cleanUp();
    process.exit(0);
  },
  async (error: unknown) => {
    if (finishing) return;
    finishing = true;
    console.error(
      `[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    await cleanUp();
    process.exit(1);
  },
);
