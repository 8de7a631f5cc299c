import cluster, { type Worker } from "node:cluster";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { checkStartupConfig } from "@/lib/check-startup-config";
import { getConfig } from "@/lib/env";
import type { WorkerRole } from "@/lib/env-types";
import { logger } from "@/lib/logger";
import { planWorkerProcesses } from "@/workers/process-plan";

/**
 * The workers container's entrypoint: runs WORKER_PROCESSES worker processes (`auto`: one per CPU)
 * of workers/index.ts with node:cluster, since Node runs JavaScript on one core per process. The
 * first process takes every configured role, the others the queue consumers (process-plan.ts).
 *
 * - The processes share the health port (cluster hands each connection to one of them), so the
 *   container's health check reaches a live one.
 * - A process that exits on its own is replaced, after a delay that doubles while replacements keep
 *   dying (1 s up to 30 s; back to 1 s once one has run a minute).
 * - SIGTERM or SIGINT is passed on: each process drains (workers/index.ts) and the supervisor exits
 *   when all have, with 1 if any did not exit cleanly.
 *
 * `npm run workers` runs one process directly, without the supervisor.
 */

const log = logger.child({ runtime: "workers-supervisor" });
const FIRST_RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;
const STABLE_AFTER_MS = 60_000;
/** Longer than a process's own drain limit (30 s in workers/index.ts). */
const SHUTDOWN_TIMEOUT_MS = 40_000;

type Slot = {
  index: number;
  roles: WorkerRole[];
  worker?: Worker;
  startedAt: number;
  restartDelayMs: number;
  restartTimer?: NodeJS.Timeout;
};

function main(): void {
  checkStartupConfig("workers");
  const config = getConfig();
  const plan = planWorkerProcesses(config.pipeline.workerProcesses, config.pipeline.workerRoles);
  // The worker entry next to this file: index.ts under tsx, index.mjs in the built image.
  const entry = fileURLToPath(new URL(`./index${extname(fileURLToPath(import.meta.url))}`, import.meta.url));
  cluster.setupPrimary({ exec: entry });

  let stopping = false;
  const slots: Slot[] = plan.map((roles, index) => ({
    index,
    roles,
    startedAt: 0,
    restartDelayMs: FIRST_RESTART_DELAY_MS,
  }));

  const start = (slot: Slot) => {
    slot.startedAt = Date.now();
    const worker = cluster.fork({ WORKER_ROLES: slot.roles.join(",") });
    slot.worker = worker;
    const pid = worker.process.pid;
    worker.on("exit", (code, signal) => {
      if (stopping) return;
      const ranMs = Date.now() - slot.startedAt;
      if (ranMs > STABLE_AFTER_MS) slot.restartDelayMs = FIRST_RESTART_DELAY_MS;
      log.error(
        { process: slot.index, pid, code, signal, ranMs, restartInMs: slot.restartDelayMs },
        "worker process exited; starting a replacement",
      );
      slot.restartTimer = setTimeout(() => start(slot), slot.restartDelayMs);
      slot.restartDelayMs = Math.min(slot.restartDelayMs * 2, MAX_RESTART_DELAY_MS);
    });
  };

  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping the worker processes");
    setTimeout(() => {
      log.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, "worker processes did not stop in time; killing them");
      for (const slot of slots) slot.worker?.process.kill("SIGKILL");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    const exits = slots.map((slot) => {
      clearTimeout(slot.restartTimer);
      const worker = slot.worker;
      if (!worker || worker.process.exitCode !== null || worker.process.signalCode !== null) return true;
      return new Promise<boolean>((resolve) => {
        worker.once("exit", (code) => resolve(code === 0));
        worker.process.kill("SIGTERM");
      });
    });
    const clean = (await Promise.all(exits)).every(Boolean);
    log.info({ clean }, "worker processes stopped");
    process.exit(clean ? 0 : 1);
  };
  // `on`, not `once`: a second signal (Ctrl-C reaches every process of the group, and the supervisor
  // passes SIGTERM on) must not fall back to the default action and kill a draining process.
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);

  for (const slot of slots) start(slot);
  log.info(
    { processes: slots.length, roles: slots.map((slot) => slot.roles.join(",")) },
    "worker processes started",
  );
}

main();
