import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { produceArtifact } from "@/lib/campaigns/artifacts/produce-artifact";
import { createPipelineDeps } from "@/lib/campaigns/create-pipeline-deps";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { closeDbClient, createDbClient } from "@/lib/db";
import { parseConfig } from "@/lib/env";
import type { ArtifactKind, PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { marketArtifactProducer } from "@/lib/market-data/market-artifact-producer";
import { buildTestAgent } from "@/test/factories/agent";
import { buildTestCampaign } from "@/test/factories/campaign";
import { RENTCAST_KEY, startRentcastServer } from "@/test/vendors/rentcast-server";
import type { VendorServer } from "@/test/vendors/vendor-server";
import { REPO_ROOT } from "../lib/test-databases";
import { type BenchServices, createBenchServices } from "./bench-services";

/**
 * `npm run bench:data` (issue 4): the four market-data consumers' work (market data, active listings,
 * recent sales, valuation) for N campaigns with k campaigns per zip, with the real Rentcast client
 * against a local server that speaks Rentcast's wire format and enforces Rentcast's limit (20
 * requests/s per key, 429 above it). Own embedded PostgreSQL (port 54361) and a fresh database.
 *
 * Reports, per k: upstream calls per campaign (target ≤ 1 + 3/k: one valuation each, three zip-level
 * calls per zip), data-gathering time per campaign, and upstream throughput against the limit
 * (target ≥ 90 % when the provider is the bottleneck). Consumers run in process, 10 at a time per
 * queue as the SQS consumers do (DATA_FETCH batch size), all sharing one client, whose Rentcast limit
 * is the PostgreSQL-shared schedule production uses.
 *
 * Options: --campaigns 200, --per-zip 1,10,50, --latency-ms 40 (vendor response time),
 * --limit 20 (requests/s, both the vendor's and the client's), --concurrency 10, --postgres-port.
 */

const { values } = parseArgs({
  options: {
    campaigns: { type: "string", default: "200" },
    "per-zip": { type: "string", default: "1,10,50" },
    "latency-ms": { type: "string", default: "40" },
    limit: { type: "string", default: "20" },
    concurrency: { type: "string", default: "10" },
    "postgres-port": { type: "string", default: "54361" },
    "fauxqs-port": { type: "string", default: "54362" },
  },
});
const N = Number(values.campaigns);
const PER_ZIP = values["per-zip"].split(",").map(Number);
const LIMIT = Number(values.limit);
const CONCURRENCY = Number(values.concurrency);
const LATENCY = Number(values["latency-ms"]);
const KINDS: ArtifactKind[] = ["LOCAL_MARKET", "ACTIVE_LISTINGS", "RECENT_SALES", "PROPERTY_VALUATION"];
const log = (line: string) => console.log(`[bench:data] ${line}`);

type Result = {
  k: number;
  campaigns: number;
  zips: number;
  calls: number;
  rateLimited: number;
  seconds: number;
  /** From the vendor's first request to its last (the span where the provider limit applies). */
  upstreamSeconds: number;
  perCampaignMs: { p50: number; p95: number };
  failed: number;
};

async function runScenario(
  db: PrismaClient,
  deps: PipelineDeps,
  server: VendorServer,
  k: number,
  index: number,
) {
  const zips = Math.max(1, Math.round(N / k));
  const agent = await db.user.create({ data: buildTestAgent() });
  await db.campaign.createMany({
    data: Array.from({ length: N }, (_, i) =>
      buildTestCampaign(agent.id, {
        zipCode: String(10_000 + index * 1000 + (i % zips)).padStart(5, "0"),
        propertyAddressLine1: `${100 + i} Bench St`,
        status: "WAITING_FOR_DATA",
        cycle: 1,
      }),
    ),
  });
  const campaigns = await db.campaign.findMany({ where: { userId: agent.id }, select: { id: true } });
  server.requests.length = 0;
  server.statuses.length = 0;
  // A new cache day per scenario, so every scenario starts cold.
  const day = new Date(Date.UTC(2026, 0, 1 + index, 15));
  const scenarioDeps = { ...deps, now: () => day };
  const started = performance.now();
  const done = new Map<string, number>();
  let failed = 0;
  // One queue per kind, each with CONCURRENCY consumers, fed in campaign order (as the poller fans out).
  await Promise.all(
    KINDS.map(async (kind) => {
      const queue = [...campaigns];
      const produce = marketArtifactProducer(kind as "LOCAL_MARKET", scenarioDeps);
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let c = queue.shift(); c; c = queue.shift()) {
            const outcome = await produceArtifact({
              db,
              campaignId: c.id,
              cycle: 1,
              kind,
              expectedStatus: "WAITING_FOR_DATA",
              lastAttempt: true,
              log: deps.log,
              produce,
            }).catch(() => "failed");
            if (outcome !== "produced") failed++;
            done.set(c.id, Math.max(done.get(c.id) ?? 0, performance.now() - started));
          }
        }),
      );
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const arrivals = server.requests.map((r) => r.at);
  const upstreamSeconds = ((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)) / 1000;
  const times = [...done.values()].sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return {
    k,
    campaigns: N,
    zips,
    calls: server.requests.length,
    rateLimited: server.statuses.filter((status) => status === 429).length,
    seconds,
    upstreamSeconds,
    perCampaignMs: { p50: at(0.5), p95: at(0.95) },
    failed,
  } satisfies Result;
}

async function main(): Promise<void> {
  process.chdir(REPO_ROOT);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  log(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  let services: BenchServices | undefined = createBenchServices();
  let server: VendorServer | undefined;
  let db: PrismaClient | undefined;
  const cleanUp = async () => {
    if (db) await closeDbClient(db).catch(() => {});
    await server?.close();
    await services?.stop();
    services = undefined;
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
    process.on(signal, () => void cleanUp().finally(() => process.exit(130)));
  try {
    await services.start({
      postgresPort: Number(values["postgres-port"]),
      fauxqsPort: Number(values["fauxqs-port"]),
      dataDir: ".data/bench-data-postgres",
      log,
    });
    server = await startRentcastServer({ today: "2026-01-15", requestsPerSecond: LIMIT, latencyMs: LATENCY });
    const config = parseConfig({
      DATABASE_URL: services.databaseUrl,
      DRIPR_MODE: "local",
      RENTCAST_API_KEY: RENTCAST_KEY,
      RENTCAST_BASE_URL: server.url,
      RENTCAST_REQUESTS_PER_SECOND: String(LIMIT),
    });
    db = createDbClient(services.databaseUrl);
    const quiet = logger.child({ runtime: "bench" }, { level: "error" });
    const deps = createPipelineDeps(config, db, quiet);
    const results: Result[] = [];
    for (const [index, k] of PER_ZIP.entries()) {
      log(`k = ${k}: ${N} campaigns in ${Math.max(1, Math.round(N / k))} zips…`);
      const result = await runScenario(db, deps, server, k, index);
      results.push(result);
      log(`k = ${k}: ${result.calls} upstream calls in ${result.seconds.toFixed(1)} s`);
    }
    report(results);
  } finally {
    await cleanUp();
  }
}

function report(results: Result[]): void {
  console.log(`\nMarket-data gathering, ${N} campaigns per run, upstream limited to ${LIMIT} requests/s`);
  console.log(`(vendor latency ${LATENCY} ms, ${CONCURRENCY} consumers per queue × 4 queues)\n`);
  console.log(
    "| k per zip | zips | upstream calls | calls/campaign | target ≤ 1+3/k | time/campaign | p50 / p95 done | upstream req/s | of limit |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const r of results) {
    const perCampaign = r.calls / r.campaigns;
    const target = 1 + 3 / r.k;
    // Requests per second as the vendor saw them: (calls − 1) intervals between first and last arrival.
    const throughput = r.upstreamSeconds > 0 ? (r.calls - 1) / r.upstreamSeconds : 0;
    console.log(
      `| ${r.k} | ${r.zips} | ${r.calls} | ${perCampaign.toFixed(3)} | ${target.toFixed(3)} ${perCampaign <= target + 1e-9 ? "MET" : "MISSED"} | ${((r.seconds * 1000) / r.campaigns).toFixed(1)} ms | ${(r.perCampaignMs.p50 / 1000).toFixed(1)} s / ${(r.perCampaignMs.p95 / 1000).toFixed(1)} s | ${throughput.toFixed(1)} | ${((100 * throughput) / LIMIT).toFixed(0)} % ${throughput >= 0.9 * LIMIT ? "MET" : "(below 90 %)"} |`,
    );
    if (r.failed > 0) console.log(`  ${r.failed} artifacts failed`);
    if (r.rateLimited > 0) console.log(`  the vendor answered 429 ${r.rateLimited} times (retried)`);
  }
  console.log(
    `\nload average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
}

await main();
process.exit(0);
