import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import {
  AWS,
  BENCH_BUCKET,
  type BenchServices,
  childPids,
  readGroupCpuSeconds,
  readMemoryMb,
  type WorkerBuild,
} from "./bench-services";
import { seedAgents, seedDueCampaigns, vacuumAnalyze } from "./seed-bench-data";

/**
 * Phase A: N campaigns due now go through a whole cycle (DORMANT → … → email sent → DORMANT) in the
 * workers as the container runs them (workers/supervisor.ts with WORKER_PROCESSES processes: the first
 * with every role, the others the queue consumers), against the emulator and the local providers
 * (sample market data, template writer, local outbox). The clock runs from spawning the supervisor
 * (start-up included) until every campaign is back in DORMANT with its email sent.
 */

export type EndToEndResult = {
  campaigns: number;
  workerBuild: WorkerBuild;
  /** WORKER_PROCESSES as given, and the worker processes that ran. */
  processesSetting: string;
  workers: number;
  seconds: number;
  perSecond: number;
  /** From the first cycle started to the last email sent: the worker's start-up excluded. */
  pipelineSeconds: number;
  pipelinePerSecond: number;
  /** Of the largest worker process (the target is per process). */
  peakRssMb: number;
  peakHwmMb: number;
  /** Resident memory when the first campaign left DORMANT (the worker started and idle). */
  startedRssMb: number;
  /** The supervisor's own peak (VmHWM). */
  supervisorHwmMb: number;
  /** CPU seconds used during the run, per process (group). */
  cpuSeconds: { worker: number; postgres: number; fauxqs: number; benchmark: number };
  emails: number;
  homeownerMessages: number;
};

const AGENTS = 50;
export const ZIPS = 100;
const SAMPLE_EVERY_MS = 200;
/**
 * How often the benchmark counts progress. Its counting queries run on the same PostgreSQL (and are
 * billed to it), so not too often; the end time comes from the last email's own timestamp, not
 * from when this loop noticed it.
 */
const PROGRESS_EVERY_MS = 1_000;
const STALL_MS = 120_000;

export async function runEndToEnd(
  db: pg.Client,
  services: BenchServices,
  options: {
    campaigns: number;
    pollerIntervalMs: number;
    workerLogLevel: string;
    workerBuild: WorkerBuild;
    /** Extra node flags for the worker (a CPU profile, V8 heap limits). */
    workerNodeArgs: string[];
    /** WORKER_PROCESSES: `auto` (one per CPU, as the image) or a count. */
    processes: string;
    log: (line: string) => void;
  },
): Promise<EndToEndResult> {
  const { campaigns: n, log } = options;
  await seedAgents(db, 1, AGENTS);
  await seedDueCampaigns(db, n, ZIPS);
  // A live database has statistics; without them the due-cycle scan of freshly seeded rows was
  // planned as a nested loop over every agent per campaign (~100 ms a tick).
  await vacuumAnalyze(db);
  log(
    `seeded ${n} campaigns due now across ${AGENTS} agents and ${ZIPS} zip codes; starting the workers (WORKER_PROCESSES=${options.processes})`,
  );

  const cpuAtStart = {
    postgres: readGroupCpuSeconds(services.groups.postgres),
    fauxqs: readGroupCpuSeconds(services.groups.fauxqs),
    benchmark: process.cpuUsage(),
  };
  const started = performance.now();
  const spawnedAt = Date.now();
  const supervisor = services.startWorker(
    {
      DATABASE_URL: services.databaseUrl,
      DRIPR_MODE: "local",
      LOG_LEVEL: options.workerLogLevel,
      APP_URL: "http://localhost:3000",
      AWS_ENDPOINT_URL: services.awsEndpoint,
      AWS_REGION: AWS.region,
      AWS_ACCESS_KEY_ID: AWS.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: AWS.credentials.secretAccessKey,
      EMAIL_BUCKET: BENCH_BUCKET,
      WORKER_ROLES: "all",
      WORKER_PROCESSES: options.processes,
      WORKERS_HEALTH_PORT: "0",
      POLLER_INTERVAL_MS: String(options.pollerIntervalMs),
      FIRST_TIME_CAMPAIGN_DELAY_HOURS: "0",
    },
    options.workerBuild,
    options.workerNodeArgs,
  );

  // Memory is per process (the target is per worker): the largest of the supervisor's children.
  let peakRss = 0;
  let peakHwm = 0;
  let startedRss = 0;
  let supervisorHwm = 0;
  const workerPids = new Set<number>();
  const workerMemory = () =>
    childPids(supervisor.pid).flatMap((pid) => {
      workerPids.add(pid);
      const memory = readMemoryMb(pid);
      return memory ? [memory] : [];
    });
  const sample = () => {
    for (const memory of workerMemory()) {
      peakRss = Math.max(peakRss, memory.rss);
      peakHwm = Math.max(peakHwm, memory.peak);
    }
    supervisorHwm = Math.max(supervisorHwm, readMemoryMb(supervisor.pid)?.peak ?? 0);
  };
  const sampler = setInterval(sample, SAMPLE_EVERY_MS);
  // No fixed deadline (a loaded machine is slow, not broken): fail only when nothing moved for a while.
  let lastChange = { at: performance.now(), state: "" };
  let lastReport = performance.now();
  try {
    for (;;) {
      const progress = await readProgress(db);
      if (!startedRss && !progress.byStatus.startsWith(`DORMANT=${n}`))
        startedRss = Math.max(0, ...workerMemory().map((memory) => memory.rss));
      if (progress.done >= n && progress.sent >= n) break;
      const elapsed = performance.now() - started;
      if (progress.byStatus !== lastChange.state)
        lastChange = { at: performance.now(), state: progress.byStatus };
      if (performance.now() - lastChange.at > STALL_MS) {
        throw new Error(
          `no progress for ${STALL_MS / 1000} s after ${Math.round(elapsed / 1000)} s: ${progress.done}/${n} ` +
            `cycles completed, ${progress.sent} emails sent; by status: ${progress.byStatus}`,
        );
      }
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        log(
          `  ${Math.round(elapsed / 1000)} s: ${progress.done}/${n} cycles completed (${progress.byStatus})`,
        );
      }
      await Promise.race([services.crashed, sleep(PROGRESS_EVERY_MS)]);
    }
  } finally {
    sample();
    clearInterval(sampler);
  }
  const benchmarkCpu = process.cpuUsage(cpuAtStart.benchmark);
  const cpuSeconds = {
    worker: readGroupCpuSeconds(supervisor.pid),
    postgres: readGroupCpuSeconds(services.groups.postgres) - cpuAtStart.postgres,
    fauxqs: readGroupCpuSeconds(services.groups.fauxqs) - cpuAtStart.fauxqs,
    benchmark: (benchmarkCpu.user + benchmarkCpu.system) / 1e6,
  };
  await services.stopWorker(supervisor);

  const { rows } = await db.query<{ first: Date; last: Date; emails: string; messages: string }>(
    `SELECT
       (SELECT min(at) FROM "CampaignHistory" WHERE "fromStatus" = 'DORMANT' AND "toStatus" = 'WAITING_FOR_DATA') AS first,
       (SELECT max("createdAt") FROM "LocalOutboxMessage" WHERE kind = 'homeowner') AS last,
       (SELECT count(*) FROM "Email") AS emails,
       (SELECT count(*) FROM "LocalOutboxMessage" WHERE kind = 'homeowner') AS messages`,
  );
  const row = rows[0];
  if (!row) throw new Error("no summary row");
  const seconds = (row.last.getTime() - spawnedAt) / 1000;
  const pipelineSeconds = (row.last.getTime() - row.first.getTime()) / 1000;
  return {
    campaigns: n,
    workerBuild: options.workerBuild,
    processesSetting: options.processes,
    workers: workerPids.size,
    seconds,
    perSecond: n / seconds,
    pipelineSeconds,
    pipelinePerSecond: n / pipelineSeconds,
    peakRssMb: peakRss,
    peakHwmMb: peakHwm,
    startedRssMb: startedRss,
    supervisorHwmMb: supervisorHwm,
    cpuSeconds,
    emails: Number(row.emails),
    homeownerMessages: Number(row.messages),
  };
}

async function readProgress(db: pg.Client): Promise<{ done: number; sent: number; byStatus: string }> {
  const { rows } = await db.query<{ status: string; n: string; done: string }>(
    `SELECT status::text, count(*) AS n,
       count(*) FILTER (WHERE cycle >= 1 AND status = 'DORMANT' AND "lastSentEmailDatetime" IS NOT NULL) AS done
     FROM "Campaign" GROUP BY status ORDER BY status`,
  );
  const sent = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM "LocalOutboxMessage" WHERE kind = 'homeowner'`,
  );
  return {
    done: rows.reduce((sum, r) => sum + Number(r.done), 0),
    sent: Number(sent.rows[0]?.n ?? 0),
    byStatus: rows.map((r) => `${r.status}=${r.n}`).join(", "),
  };
}
