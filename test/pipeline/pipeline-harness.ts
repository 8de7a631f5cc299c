import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { BucketAlreadyOwnedByYou, CreateBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import type { SNSClient } from "@aws-sdk/client-sns";
import type { SQSClient } from "@aws-sdk/client-sqs";
import pg from "pg";
import { inject } from "vitest";
import { agentActor } from "@/lib/campaigns/actors";
import { createS3Client } from "@/lib/clients/aws/s3-client";
import { createSnsClient } from "@/lib/clients/aws/sns-client";
import { createSqsClient } from "@/lib/clients/aws/sqs-client";
import { getDb } from "@/lib/db";
import { provisionTopology } from "@/lib/events/provision-topology";
import type { ResolvedTopology } from "@/lib/events/resolve-topology";
import { buildTopology } from "@/lib/events/topology";
import type { Campaign, Prisma, User } from "@/lib/generated/prisma/client";
import { REPO_ROOT } from "@/scripts/lib/test-databases";
import { buildTestAgent } from "@/test/factories/agent";
import { buildTestCampaign } from "@/test/factories/campaign";
import {
  baseEnv,
  type ChildHandle,
  describeExit,
  type ExitInfo,
  freePort,
  readText,
  signalGroup,
  sleep,
  spawnLoggedChild,
} from "@/test/pipeline/child-processes";

export { type ChildHandle, type ExitInfo, readText, sleep };

/**
 * End-to-end harness for the campaign pipeline (issue 3): the fauxqs emulator and the workers run as
 * real child processes, exactly as deployed (`workers/index.ts` under tsx), against the test file's
 * own database (DATABASE_URL from test/setup-db.ts). Processes can be SIGKILLed and restarted, which
 * an in-process emulator cannot be. Every child runs in its own process group under
 * `setpriv --pdeathsig SIGKILL`, so nothing outlives the test process even when Vitest is killed;
 * `close()` (call it in afterAll) stops whatever is left. Output goes to one file per process under
 * .data/pipeline-tests/<run>/, named in every failure message.
 *
 * One harness runs at a time per test server (a PostgreSQL advisory lock, held until close()): each
 * keeps two cores busy, and two at once made both slow enough to hit their timeouts. A file waiting
 * for the lock says so; give its beforeAll a timeout that covers another pipeline file (~2 minutes).
 */

export const BUCKET = "dripr-pipeline-test-emails";
export const APP_URL = "http://localhost:3000";
/** The scheduling numbers given to every worker (schedulingSettingsFor(agent, PIPELINE) recomputes dates). */
export const PIPELINE = { firstTimeDelayHours: 0, minDaysBetweenEmails: 14, prepareLeadHours: 48 } as const;
const TIME_ZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"] as const;
const ZIPS = ["78704", "33606", "80212", "10027", "94110", "60614", "98103", "30307"] as const;
const HARNESS_LOCK_KEY = 5_433_902;

export type HarnessOptions = {
  /** Names the log directory. */
  name: string;
  pollerIntervalMs?: number;
  stuckAfterMinutes?: number;
};

export type PipelineHarness = Awaited<ReturnType<typeof startPipelineHarness>>;

export async function startPipelineHarness(options: HarnessOptions) {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is not set: the harness runs in *.db.test.ts files only");
  // The pinned AWS SDK warns on Node 20 that later versions need Node 22; not news in a test.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const lock = new pg.Client({ connectionString: inject("testDatabase").serverUrl });
  await lock.connect();
  const free = await lock.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [HARNESS_LOCK_KEY]);
  if (!free.rows[0]?.ok) {
    console.log(`[pipeline-harness] ${options.name}: waiting for another pipeline test to finish`);
    await lock.query("SELECT pg_advisory_lock($1)", [HARNESS_LOCK_KEY]);
  }
  const db = getDb();
  const logRoot = path.join(REPO_ROOT, ".data", "pipeline-tests");
  pruneOldLogs(logRoot);
  const logDir = path.join(logRoot, `${runStamp()}-${options.name}`);
  mkdirSync(logDir, { recursive: true });
  const children: ChildHandle[] = [];
  let emulator: ChildHandle | undefined;
  let endpoint = "";
  let port = 0;
  let clients: { sns: SNSClient; sqs: SQSClient; s3: S3Client } | undefined;
  let topology: ResolvedTopology | undefined;
  let workerCount = 0;
  let emulatorCount = 0;

  const spawnChild = (name: string, args: string[], env: Record<string, string>): ChildHandle => {
    const handle = spawnLoggedChild(logDir, name, args, env);
    children.push(handle);
    return handle;
  };

  const destroyClients = () => {
    for (const client of Object.values(clients ?? {})) client.destroy();
    clients = undefined;
  };

  const harness = {
    db,
    logDir,
    /** Clients for the current emulator (recreated after a restart). */
    get aws() {
      if (!clients) throw new Error("the emulator is not running");
      return clients;
    },
    get topology() {
      if (!topology) throw new Error("the topology is not provisioned");
      return topology;
    },

    /**
     * Starts fauxqs (on the same port as before, if it ran before, so running workers find it again),
     * then creates the bucket and provisions the topology: after a restart everything is empty.
     */
    async startEmulator(): Promise<ChildHandle> {
      if (emulator && !emulator.exit) throw new Error("the emulator is already running");
      port ||= await freePort();
      emulatorCount++;
      const child = spawnChild(
        `fauxqs-${emulatorCount}`,
        ["--import", "tsx", "scripts/services/fauxqs.ts", "--port", String(port)],
        baseEnv(),
      );
      emulator = child;
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (child.exit) throw new Error(`fauxqs exited (${describeExit(child.exit)}):\n${child.logTail()}`);
        const ready = /^ready: (\S+)/m.exec(readText(child.logFile))?.[1];
        if (ready) {
          endpoint = ready;
          break;
        }
        if (Date.now() > deadline) throw new Error(`fauxqs printed no ready line in 30 s: ${child.logFile}`);
        await sleep(50);
      }
      destroyClients();
      const aws = { region: "us-east-1", endpoint, credentials: { accessKeyId: "t", secretAccessKey: "t" } };
      clients = { sns: createSnsClient(aws), sqs: createSqsClient(aws), s3: createS3Client(aws) };
      try {
        await clients.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
      } catch (error) {
        if (!(error instanceof BucketAlreadyOwnedByYou)) throw error;
      }
      const { sns, sqs } = clients;
      topology = (await provisionTopology({ sns, sqs, topology: buildTopology("dripr") })).resolved;
      return child;
    },

    /** SIGKILLs the emulator: every queued message and stored object is gone. */
    async killEmulator(): Promise<ExitInfo> {
      if (!emulator) throw new Error("the emulator was never started");
      destroyClients();
      topology = undefined;
      return emulator.kill();
    },

    /**
     * A worker process (`workers/index.ts`), all roles unless `env.WORKER_ROLES` says otherwise; with
     * `entry: "workers/supervisor.ts"`, the container's supervisor and its WORKER_PROCESSES processes.
     */
    startWorker(env: Record<string, string> = {}, entry = "workers/index.ts"): ChildHandle {
      if (!endpoint) throw new Error("start the emulator first");
      workerCount++;
      return spawnChild(`worker-${workerCount}`, ["--import", "tsx", "--conditions=react-server", entry], {
        ...baseEnv(),
        DATABASE_URL: databaseUrl,
        DRIPR_MODE: "local",
        // PIPELINE_TEST_LOG_LEVEL=debug shows every message handled and poller tick, with timings.
        LOG_LEVEL: process.env.PIPELINE_TEST_LOG_LEVEL ?? "warn",
        APP_URL,
        AWS_ENDPOINT_URL: endpoint,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "test",
        AWS_SECRET_ACCESS_KEY: "test",
        EMAIL_BUCKET: BUCKET,
        WORKER_ROLES: "all",
        WORKERS_HEALTH_PORT: "0",
        POLLER_INTERVAL_MS: String(options.pollerIntervalMs ?? 200),
        STUCK_AFTER_MINUTES: String(options.stuckAfterMinutes ?? 0.1),
        FIRST_TIME_CAMPAIGN_DELAY_HOURS: String(PIPELINE.firstTimeDelayHours),
        MIN_DAYS_BETWEEN_EMAILS: String(PIPELINE.minDaysBetweenEmails),
        EMAIL_PREPARE_LEAD_HOURS: String(PIPELINE.prepareLeadHours),
        ...env,
      });
    },

    /**
     * Agents with the factory's postal address (every email needs one) and the sending window off, so
     * no test depends on the time of day. Time zones rotate over four US zones.
     */
    async seedAgents(count: number, overrides: Partial<Prisma.UserCreateInput> = {}): Promise<User[]> {
      const data = Array.from({ length: count }, (_, i) =>
        buildTestAgent({
          timeZone: TIME_ZONES[i % TIME_ZONES.length],
          sendingWindowEnabled: false,
          ...overrides,
        }),
      );
      const agents = await db.user.createManyAndReturn({ data });
      if (agents.some((a) => !a.addressLine1 || !a.city || !a.state || !a.postalCode)) {
        throw new Error("seeded agents need a postal address, or every cycle fails");
      }
      return agents;
    },

    /**
     * `count` campaigns spread round-robin over `agents`, eight zip codes and every send day, created
     * a day ago and due now (nextSendDate = now), each with its CREATED history row as the app writes it.
     */
    async seedDueCampaigns(
      agents: User[],
      count: number,
      overrides: Partial<Omit<Prisma.CampaignUncheckedCreateInput, "userId">> = {},
    ): Promise<Campaign[]> {
      const now = new Date();
      const createdAt = new Date(now.getTime() - 24 * 3_600_000);
      const data = Array.from({ length: count }, (_, i) => {
        const agent = agents[i % agents.length];
        if (!agent) throw new Error("seedDueCampaigns needs at least one agent");
        return buildTestCampaign(agent.id, {
          zipCode: ZIPS[i % ZIPS.length],
          fixedSendDay: (i % 28) + 1,
          nextSendDate: now,
          createdAt,
          statusChangedAt: createdAt,
          ...overrides,
        });
      });
      const campaigns = await db.campaign.createManyAndReturn({ data });
      await db.campaignHistory.createMany({
        data: campaigns.map((c) => ({
          campaignId: c.id,
          cycle: c.cycle,
          toStatus: c.status,
          event: "CREATED",
          actor: agentActor(c.userId),
          at: c.createdAt,
        })),
      });
      return campaigns;
    },

    /** Counts, per status, of everything a stuck pipeline leaves behind, plus each worker's state. */
    async describeProgress(campaignIds: string[]): Promise<string> {
      const where = { campaignId: { in: campaignIds } };
      const [statuses, artifacts, emails, unpublished, outbox] = await Promise.all([
        db.campaign.groupBy({
          by: ["status", "cycle", "emailCreationStatus"],
          where: { id: { in: campaignIds } },
          _count: true,
        }),
        db.campaignArtifact.groupBy({ by: ["kind", "status"], where, _count: true }),
        db.email.groupBy({ by: ["status", "approvalStatus"], where, _count: true }),
        db.outboxEvent.count({ where: { publishedAt: null } }),
        db.localOutboxMessage.count({ where: { kind: "homeowner" } }),
      ]);
      const counts = (rows: { _count: number }[], keys: string[]) =>
        rows.map((row) => `${keys.map((k) => row[k as never]).join("/")}=${row._count}`).join(", ") || "none";
      return [
        `campaigns (status/cycle/emailCreation): ${counts(statuses, ["status", "cycle", "emailCreationStatus"])}`,
        `artifacts (kind/status): ${counts(artifacts, ["kind", "status"])}`,
        `emails (status/approval): ${counts(emails, ["status", "approvalStatus"])}`,
        `outbox events unpublished: ${unpublished}; homeowner messages in the local outbox: ${outbox}`,
        ...children.map(
          (c) => `${c.name} (pid ${c.pid}): ${c.exit ? describeExit(c.exit) : "running"}; log ${c.logFile}`,
        ),
      ].join("\n");
    },

    /**
     * Waits until `check` returns a value other than undefined/null/false, failing early when a process
     * the harness did not stop has exited, and on timeout with `describeProgress(campaignIds)`.
     */
    async waitUntil<T>(
      what: string,
      check: () => Promise<T | undefined | null | false>,
      opts: { timeoutMs: number; campaignIds: string[] },
    ): Promise<T> {
      const startedAt = Date.now();
      for (;;) {
        const crashed = children.find((c) => c.exit && !c.stopped);
        if (crashed) {
          throw new Error(
            `${crashed.name} exited unexpectedly (${describeExit(crashed.exit as ExitInfo)}) while waiting for ${what}:\n` +
              `${crashed.logTail()}\n${await harness.describeProgress(opts.campaignIds)}`,
          );
        }
        const value = await check();
        if (value !== undefined && value !== null && value !== false) return value;
        if (Date.now() - startedAt > opts.timeoutMs) {
          throw new Error(
            `timed out after ${opts.timeoutMs / 1000} s waiting for ${what}\n` +
              (await harness.describeProgress(opts.campaignIds)),
          );
        }
        await sleep(250);
      }
    },

    /** Waits until every campaign is back in DORMANT in cycle 1 with an email sent (see waitUntil). */
    async waitForCycleCompleted(campaignIds: string[], timeoutMs: number): Promise<void> {
      const where = {
        id: { in: campaignIds },
        status: "DORMANT",
        cycle: 1,
        lastSentEmailDatetime: { not: null },
      } as const;
      await harness.waitUntil(
        `${campaignIds.length} campaigns to complete cycle 1`,
        async () => (await db.campaign.count({ where })) === campaignIds.length,
        { timeoutMs, campaignIds },
      );
    },

    /** Stops every worker (SIGTERM, then SIGKILL) and kills the emulator; never throws. */
    async close(): Promise<void> {
      await Promise.allSettled(children.filter((c) => c !== emulator).map((c) => c.stop(5_000)));
      await Promise.allSettled(children.map((c) => c.kill()));
      destroyClients();
      process.off("exit", killAllNow);
      await lock.end().catch(() => {}); // releases the advisory lock
    },
  };

  // Last resort when the test process exits without afterAll (pdeathsig covers a SIGKILL).
  const killAllNow = () => {
    for (const child of children) if (!child.exit) signalGroup(child.pid, "SIGKILL");
  };
  process.on("exit", killAllNow);
  return harness;
}

/** Log directories of runs more than a day old go; recent ones stay for whoever debugs a failure. */
function pruneOldLogs(root: string): void {
  const dayAgo = Date.now() - 86_400_000;
  for (const name of existsSync(root) ? readdirSync(root) : []) {
    const dir = path.join(root, name);
    if ((statSync(dir, { throwIfNoEntry: false })?.mtimeMs ?? dayAgo) < dayAgo)
      rmSync(dir, { recursive: true, force: true });
  }
}

function runStamp(): string {
  return `${new Date().toISOString().replace(/[:.]/g, "-")}-${process.pid}`;
}
