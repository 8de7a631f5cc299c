import { checkStartupConfig } from "@/lib/check-startup-config";
import { disconnectDb } from "@/lib/db";
import { checkHealth } from "@/lib/health/check-health";
import { logger } from "@/lib/logger";

/**
 * Workers entrypoint (DESIGN.md §2). For now it only proves its dependencies are reachable and then
 * idles until told to stop; the SQS consumers, the status poller and the outbox relay arrive with the
 * pipeline issue, as does WORKER_ROLES.
 */

const log = logger.child({ runtime: "workers" });
const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  checkStartupConfig("workers");
  // Keeps the event loop alive until a signal arrives; the consumers will do that later.
  const idle = setInterval(() => {}, 60_000);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "workers stopping");
    setTimeout(() => {
      log.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, "workers did not stop in time; exiting");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    clearInterval(idle);
    await disconnectDb();
    log.info("workers stopped");
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);

  const health = await checkHealth();
  if (health.status !== "ok") {
    const failed = Object.entries(health.checks)
      .filter(([, check]) => !check.ok)
      .map(([name, check]) => `${name}: ${check.error}`);
    log.fatal({ checks: health.checks }, `workers could not reach their dependencies (${failed.join("; ")})`);
    await disconnectDb().catch(() => {});
    process.exit(1);
  }
  log.info({ mode: health.mode, checks: health.checks, roles: [] }, "workers started");
  log.info(
    "no worker roles yet: WORKER_ROLES, the consumers, poller and outbox relay arrive with the pipeline",
  );
}

await main();
