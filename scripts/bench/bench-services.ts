import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { BucketAlreadyOwnedByYou, CreateBucketCommand } from "@aws-sdk/client-s3";
import { createS3Client } from "@/lib/clients/aws/s3-client";
import { createSnsClient } from "@/lib/clients/aws/sns-client";
import { createSqsClient } from "@/lib/clients/aws/sqs-client";
import { provisionTopology } from "@/lib/events/provision-topology";
import { buildTopology } from "@/lib/events/topology";
import { type Child, describeExit, Supervisor } from "../lib/processes";
import { assertPortFree, lineMatching, whenReady } from "../lib/readiness";
import { createDatabase, dropDatabase, migrateDeploy, REPO_ROOT } from "../lib/test-databases";

/**
 * The benchmark's own services: embedded PostgreSQL and the fauxqs emulator, each a child process
 * under the dev launcher's Supervisor (own process group, parent-death signal), so Ctrl-C, an error
 * or even a SIGKILL of the benchmark leaves nothing running. Separate ports and data directory from
 * `npm run dev` and the tests, so it can run next to them.
 */

export const BENCH_DATABASE = "dripr_bench";
export const BENCH_BUCKET = "dripr-bench-emails";
export const AWS = { region: "us-east-1", credentials: { accessKeyId: "bench", secretAccessKey: "bench" } };

export type BenchServices = {
  supervisor: Supervisor;
  /** Starts PostgreSQL and fauxqs, creates and migrates a fresh database, provisions the emulator. */
  start(options: {
    postgresPort: number;
    fauxqsPort: number;
    dataDir: string;
    log: (line: string) => void;
  }): Promise<void>;
  /** Process group ids of the PostgreSQL and fauxqs services (for CPU accounting). */
  groups: { postgres: number; fauxqs: number };
  /** The fresh, migrated benchmark database. */
  databaseUrl: string;
  awsEndpoint: string;
  /** Rejects as soon as a child started by the benchmark exits unexpectedly. */
  crashed: Promise<never>;
  /**
   * The workers as the container runs them: the supervisor (workers/supervisor.ts under tsx, or the
   * bundle the image runs) and its WORKER_PROCESSES worker processes, all in one process group.
   */
  startWorker(env: Record<string, string>, build: WorkerBuild, nodeArgs?: string[]): Child;
  /** SIGTERM (the worker drains), SIGKILL after 30 s; its exit is then expected. */
  stopWorker(worker: Child): Promise<void>;
  stop(): Promise<void>;
};

const node = process.execPath;

export type WorkerBuild = "tsx" | "bundle";
const WORKER_BUNDLE_DIR = ".data/bench-worker";

/** Bundles the workers as `npm run build:workers` does for the image, into .data/bench-worker. */
export function buildWorkerBundle(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      path.join("node_modules", ".bin", "esbuild"),
      [
        "workers/index.ts",
        "workers/supervisor.ts",
        "--bundle",
        "--platform=node",
        "--format=esm",
        "--target=node20",
        "--packages=external",
        `--outdir=${WORKER_BUNDLE_DIR}`,
        "--out-extension:.js=.mjs",
        "--log-level=warning",
      ],
      (error, _stdout, stderr) =>
        error ? reject(new Error(`esbuild failed: ${stderr || error.message}`)) : resolve(),
    );
  });
}

/** The services, not started yet: whatever `start` gets to start, `stop` stops (even half way). */
export function createBenchServices(): BenchServices {
  let rejectCrash: (error: Error) => void = () => {};
  const crashed = new Promise<never>((_, reject) => {
    rejectCrash = reject;
  });
  crashed.catch(() => {}); // observed by whoever races it; never an unhandled rejection
  const expectedExits = new Set<Child>();
  const supervisor = new Supervisor((child, exit) => {
    if (!expectedExits.has(child)) {
      rejectCrash(new Error(`${child.name} exited unexpectedly (${describeExit(exit)})`));
    }
  });
  const services: BenchServices = {
    supervisor,
    groups: { postgres: 0, fauxqs: 0 },
    databaseUrl: "",
    awsEndpoint: "",
    crashed,
    startWorker: (env, build, nodeArgs = []) =>
      supervisor.start(
        "worker",
        node,
        build === "bundle"
          ? [...imageWorkerFlags(), ...nodeArgs, `${WORKER_BUNDLE_DIR}/supervisor.mjs`]
          : [...nodeArgs, "--import", "tsx", "--conditions=react-server", "workers/supervisor.ts"],
        { env: { ...baseEnv(), ...env } },
      ),
    async stopWorker(worker) {
      expectedExits.add(worker);
      signalGroup(worker.pid, "SIGTERM");
      const timer = setTimeout(() => signalGroup(worker.pid, "SIGKILL"), 30_000);
      await worker.exited;
      clearTimeout(timer);
    },
    start: (options) => startServices(services, options),
    stop: () => supervisor.stopAll(),
  };
  return services;
}

async function startServices(
  services: BenchServices,
  options: Parameters<BenchServices["start"]>[0],
): Promise<void> {
  const { log } = options;
  const { supervisor } = services;
  await assertPortFree(options.postgresPort, "benchmark PostgreSQL");
  await assertPortFree(options.fauxqsPort, "benchmark fauxqs");

  const pgReady = lineMatching(/^ready: /);
  const postgres = supervisor.start(
    "postgres",
    node,
    [
      "--import",
      "tsx",
      "scripts/services/postgres.ts",
      "--data-dir",
      options.dataDir,
      "--port",
      String(options.postgresPort),
      "--database",
      "postgres",
    ],
    { env: baseEnv(), onLine: pgReady.onLine },
  );
  const serverUrl = (await whenReady(postgres, pgReady.seen, 120_000)).replace(/^ready: /, "").trim();
  services.groups.postgres = postgres.pid;

  const fauxqsReady = lineMatching(/^ready: /);
  const fauxqs = supervisor.start(
    "fauxqs",
    node,
    ["--import", "tsx", "scripts/services/fauxqs.ts", "--port", String(options.fauxqsPort)],
    { env: baseEnv(), onLine: fauxqsReady.onLine },
  );
  services.awsEndpoint = (await whenReady(fauxqs, fauxqsReady.seen, 30_000)).replace(/^ready: /, "").trim();
  services.groups.fauxqs = fauxqs.pid;

  log(`fresh database ${BENCH_DATABASE}; applying migrations`);
  await dropDatabase(serverUrl, BENCH_DATABASE);
  services.databaseUrl = await createDatabase(serverUrl, BENCH_DATABASE);
  await migrateDeploy(services.databaseUrl);

  const aws = { ...AWS, endpoint: services.awsEndpoint };
  const [s3, sns, sqs] = [createS3Client(aws), createSnsClient(aws), createSqsClient(aws)];
  try {
    await s3.send(new CreateBucketCommand({ Bucket: BENCH_BUCKET })).catch((error: unknown) => {
      if (!(error instanceof BucketAlreadyOwnedByYou)) throw error;
    });
    await provisionTopology({ sns, sqs, topology: buildTopology("dripr") });
  } finally {
    for (const client of [s3, sns, sqs]) client.destroy();
  }
}

/** Resident set size now and at its peak (VmHWM), in MB, of one process (Linux /proc). */
export function readMemoryMb(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
  } catch {
    return undefined;
  }
}

type ProcessStat = { pid: number; ppid: number; pgrp: number; ticks: number };

/**
 * Every live process from /proc/<pid>/stat: parent, process group and CPU clock ticks (user and
 * system, its own and its reaped children's).
 */
function readProcesses(): ProcessStat[] {
  const processes: ProcessStat[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the command name (which may contain spaces), counted from field 3 (state).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    processes.push({
      pid: Number(entry),
      ppid: Number(fields[1]),
      pgrp: Number(fields[2]),
      ticks: [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0),
    });
  }
  return processes;
}

/** The pids of a process's live children (Linux /proc). */
export function childPids(pid: number): number[] {
  return readProcesses()
    .filter((p) => p.ppid === pid)
    .map((p) => p.pid);
}

/**
 * CPU seconds (user + system) used so far by every live process of a process group, including the
 * children they have reaped (so PostgreSQL backends that exited still count, through the postmaster).
 * Linux /proc; 100 clock ticks a second, as on every Linux build Node supports.
 */
export function readGroupCpuSeconds(pgid: number): number {
  const processes = readProcesses();
  // The group and every descendant: PostgreSQL's backends and auxiliary processes each call setsid(),
  // so they leave the group their postmaster is in.
  const members = new Set(processes.filter((p) => p.pgrp === pgid).map((p) => p.pid));
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of processes) {
      if (!members.has(p.pid) && members.has(p.ppid)) {
        members.add(p.pid);
        grew = true;
      }
    }
  }
  return processes.filter((p) => members.has(p.pid)).reduce((sum, p) => sum + p.ticks, 0) / 100;
}

/**
 * The node flags of the workers image (the Dockerfile's `workers` stage CMD, e.g. its heap limit), so
 * `--worker bundle` measures the worker as the container runs it.
 */
function imageWorkerFlags(): string[] {
  const dockerfile = readFileSync(path.join(REPO_ROOT, "Dockerfile"), "utf8");
  const stage = dockerfile
    .split(/^FROM /m)
    .find((part) => /^\S+ AS workers\s*$/m.test(part.split("\n")[0] ?? ""));
  const cmd = stage?.match(/^CMD (\[.*\])\s*$/m)?.[1];
  if (!cmd) throw new Error("Dockerfile: no CMD in the workers stage");
  const argv = JSON.parse(cmd) as string[];
  return argv.filter((arg) => arg.startsWith("--"));
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

function baseEnv(): NodeJS.ProcessEnv {
  // Only what node and tsx need: no DATABASE_URL or AWS settings of the caller's shell leak in.
  const env: Record<string, string> = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
  for (const name of ["PATH", "HOME", "TMPDIR", "LANG", "TZ", "NO_COLOR"]) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  // Next's types declare NODE_ENV required; leaving it unset is the point (no mode leaks in).
  return env as NodeJS.ProcessEnv;
}
