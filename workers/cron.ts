import { createPipelineDeps } from "@/lib/campaigns/create-pipeline-deps";
import { checkStartupConfig } from "@/lib/check-startup-config";
import { deleteExpiredRows } from "@/lib/cron/delete-expired-rows";
import { MORTGAGE_RATES_JOB, runMortgageRatesJob } from "@/lib/cron/mortgage-rates-job";
import { reportStuckCycles } from "@/lib/cron/report-stuck-cycles";
import { runExclusive } from "@/lib/cron/run-exclusive";
import { disconnectDb, getDb } from "@/lib/db";
import { sendDueApprovalMail } from "@/lib/emails/send-due-approval-mail";
import { getConfig } from "@/lib/env";
import { logger } from "@/lib/logger";
import { startHealthServer } from "@/workers/health-server";
import { type Loop, startLoop } from "@/workers/run-loop";

/**
 * Periodic jobs (DESIGN.md §2). Each job runs under an advisory lock named after it, so any number of
 * cron containers can run and a job never runs twice at once. Later issues add jobs here (approval
 * reminders).
 */

const log = logger.child({ runtime: "cron" });

type CronJob = { name: string; everyMs: number; run: () => Promise<void> };

async function main(): Promise<void> {
  checkStartupConfig("cron");
  const config = getConfig();
  const pipelineDeps = createPipelineDeps(config, getDb(), log);
  const db = getDb();
  const jobs: CronJob[] = [
    {
      // Freddie Mac publishes on Thursdays; checking every 6 hours picks a new week up the same day.
      name: MORTGAGE_RATES_JOB,
      everyMs: 6 * 60 * 60_000,
      run: () => runMortgageRatesJob(db, config.vendors.fred, log),
    },
    {
      name: "retention-cleanup",
      everyMs: 60 * 60_000,
      run: async () => log.info(await deleteExpiredRows(db, new Date()), "retention cleanup done"),
    },
    {
      name: "stuck-cycle-report",
      everyMs: 15 * 60_000,
      run: async () => {
        const stuck = await reportStuckCycles(db, new Date());
        if (stuck.length > 0)
          log.warn({ count: stuck.length, campaigns: stuck }, "campaigns stuck for over an hour");
      },
    },
    {
      name: "approval-mail",
      everyMs: 5 * 60_000,
      run: async () => {
        const sent = await sendDueApprovalMail(pipelineDeps);
        if (sent.requests + sent.reminders + sent.failed > 0) log.info(sent, "approval mail job done");
      },
    },
  ];

  const loops: Loop[] = jobs.map((job) =>
    startLoop({
      name: job.name,
      idleMs: job.everyMs,
      log,
      iteration: async () => {
        const ran = await runExclusive(config.databaseUrl, job.name, job.run);
        if (!ran) log.debug({ job: job.name }, "job already running elsewhere; skipped");
        return { moreWork: false };
      },
    }),
  );
  let stopping = false;
  // The container's health check (Dockerfile) and the engineer on call: each job's loop status.
  const server = await startHealthServer(config.pipeline.cronHealthPort, () => ({
    ok: !stopping,
    pid: process.pid,
    jobs: Object.fromEntries(loops.map((loop) => [loop.name, loop.status()])),
  }));
  log.info(
    {
      jobs: jobs.map((j) => ({ name: j.name, everyMinutes: j.everyMs / 60_000 })),
      healthPort: config.pipeline.cronHealthPort,
    },
    "cron started",
  );

  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "cron stopping");
    await Promise.all(loops.map((loop) => loop.stop()));
    server.close();
    await disconnectDb();
    process.exit(0);
  };
  // `on`, not `once`: a second signal must not kill a job that is finishing (as in workers/index.ts).
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

await main();
