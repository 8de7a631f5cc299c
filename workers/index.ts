import type { Server } from "node:http";
import { createPipelineDeps } from "@/lib/campaigns/create-pipeline-deps";
import { pollCampaigns } from "@/lib/campaigns/poller/poll-campaigns";
import { checkStartupConfig } from "@/lib/check-startup-config";
import { createSnsClient } from "@/lib/clients/aws/sns-client";
import { createSqsClient } from "@/lib/clients/aws/sqs-client";
import { disconnectDb, getDb } from "@/lib/db";
import { getConfig } from "@/lib/env";
import { type QueueConsumer, startQueueConsumer } from "@/lib/events/consume-queue";
import { relayOutboxBatch } from "@/lib/events/relay-outbox";
import { resolveTopology } from "@/lib/events/resolve-topology";
import { buildTopology, QUEUE_KEYS } from "@/lib/events/topology";
import { checkHealth } from "@/lib/health/check-health";
import { logger } from "@/lib/logger";
import { startHealthServer } from "@/workers/health-server";
import { createQueueHandler, QUEUE_ROLES } from "@/workers/queue-handlers";
import { type Loop, startLoop } from "@/workers/run-loop";

/**
 * Workers entrypoint (DESIGN.md §2): the SQS consumers, the campaign status poller and the outbox
 * relay. WORKER_ROLES picks a subset (data, ai, email, poller, relay; default all) so the original
 * split into separate containers is one environment variable away. SIGTERM drains: loops finish their
 * iteration, consumers finish their in-flight messages, then the process exits.
 */

const log = logger.child({ runtime: "workers" });
const SHUTDOWN_TIMEOUT_MS = 30_000;
const RELAY_BATCH = 200;
const STARTUP_CHECK_ATTEMPTS = 8;

async function main(): Promise<void> {
  checkStartupConfig("workers");
  const config = getConfig();
  const roles = new Set(config.pipeline.workerRoles);

  // Dependencies may come up after us (or answer slowly under load): retry for up to ~30 s.
  let health = await checkHealth();
  for (let attempt = 1; health.status !== "ok" && attempt < STARTUP_CHECK_ATTEMPTS; attempt++) {
    log.warn({ checks: health.checks, attempt }, "dependencies not reachable yet; retrying");
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    health = await checkHealth();
  }
  if (health.status !== "ok") {
    const failed = Object.entries(health.checks)
      .filter(([, check]) => !check.ok)
      .map(([name, check]) => `${name}: ${check.error}`);
    log.fatal({ checks: health.checks }, `workers could not reach their dependencies (${failed.join("; ")})`);
    await disconnectDb().catch(() => {});
    process.exit(1);
  }

  const db = getDb();
  const sqs = createSqsClient(config.aws);
  const sns = createSnsClient(config.aws);
  const topology = buildTopology(config.aws.resourcePrefix);
  const resolved = await resolveTopology({ sns, sqs, topology });
  const deps = createPipelineDeps(config, db, log);

  const loops: Loop[] = [];
  if (roles.has("relay")) {
    const topicArns = {
      "user-events": resolved.topics["user-events"].arn,
      "campaign-events": resolved.topics["campaign-events"].arn,
    };
    loops.push(
      startLoop({
        name: "outbox-relay",
        idleMs: 200,
        log,
        iteration: async () => {
          const result = await relayOutboxBatch({ db, sns, topicArns, log, batchSize: RELAY_BATCH });
          if (result.claimed > 0) log.debug(result, "outbox relayed");
          return { moreWork: result.claimed === RELAY_BATCH };
        },
      }),
    );
  }
  if (roles.has("poller")) {
    const batchSize = 500;
    loops.push(
      startLoop({
        name: "poller",
        idleMs: config.pipeline.pollerIntervalMs,
        log,
        iteration: async () => {
          const result = await pollCampaigns({
            db,
            now: new Date(),
            clock: () => new Date(),
            pipeline: config.pipeline,
            billing: config.billing,
            batchSize,
            log,
          });
          const { ms, ...moved } = result;
          const total = Object.values(moved).reduce((sum, n) => sum + n, 0);
          if (total > 0) log.info(result, "poller tick");
          return { moreWork: Object.values(moved).some((n) => n >= batchSize) };
        },
      }),
    );
  }

  const consumers: { queue: string; consumer: QueueConsumer }[] = [];
  for (const key of QUEUE_KEYS) {
    if (!roles.has(QUEUE_ROLES[key])) continue;
    const handler = createQueueHandler(key, deps);
    for (let n = 0; n < topology.queues[key].pollers; n++) {
      consumers.push({
        queue: key,
        consumer: startQueueConsumer({
          sqs,
          consumerSqs: (abortSignal) => createSqsClient(config.aws, { abortSignal }),
          queueUrl: resolved.queues[key].url,
          queue: topology.queues[key],
          handler,
          log,
        }),
      });
    }
  }

  let server: Server | undefined;
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "workers draining");
    setTimeout(() => {
      log.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, "workers did not drain in time; exiting");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    await Promise.all([
      ...loops.map((loop) => loop.stop()),
      ...consumers.map(({ consumer }) => consumer.stop()),
    ]);
    server?.close();
    sqs.destroy();
    sns.destroy();
    await disconnectDb();
    log.info("workers stopped");
    process.exit(0);
  };
  // `on`, not `once`: a second signal (Ctrl-C reaches every process of the group, and the supervisor
  // passes SIGTERM on) must not fall back to the default action and kill a draining process.
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);

  const queues = [...new Set(consumers.map((c) => c.queue))];
  server = await startHealthServer(config.pipeline.workersHealthPort, () => ({
    ok: !stopping,
    pid: process.pid,
    roles: [...roles],
    consumers: queues,
    loops: Object.fromEntries(loops.map((loop) => [loop.name, loop.status()])),
  }));
  log.info(
    {
      mode: config.mode,
      roles: [...roles],
      consumers: queues,
      healthPort: config.pipeline.workersHealthPort,
    },
    "workers started",
  );
}

await main();
