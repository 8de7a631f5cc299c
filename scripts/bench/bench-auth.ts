import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  CLERK_PUBLISHABLE_KEY,
  CLERK_SECRET_KEY,
  newKeyPair,
  sessionCookie,
  signSessionToken,
} from "@/e2e/support/clerk-e2e";
import { signLocalSession } from "@/lib/auth/local-session-token";
import { DEMO_AGENTS } from "@/lib/demo/demo-agents";
import { LOCAL_DEFAULTS } from "@/lib/env";
import { type Child, describeExit, Supervisor } from "../lib/processes";
import { assertPortFree, lineMatching, portAccepts, whenReady } from "../lib/readiness";
import { createDatabase, dropDatabase, REPO_ROOT, withConnection } from "../lib/test-databases";
import { checkPage, type Measurement, measureLoad, printReport, runLoad, stopLoad } from "./bench-auth-load";
import { readGroupCpuSeconds } from "./bench-services";

/**
 * `npm run bench:auth` (issue 14: the dashboard's p95 under load may get at most 10 % worse with
 * Clerk's proxy in front). Runs an existing production build (`npm run build` first) with `next start`
 * and loads `GET /dashboard` of the seeded demo agent with autocannon, signed in, in each mode:
 *
 *   local  DRIPR_MODE=local, no Clerk keys: proxy.ts runs the local-session check (dripr_session).
 *   clerk  the same build with Clerk's keys at run time: proxy.ts runs clerkMiddleware, which verifies
 *          the session token offline (CLERK_JWT_KEY, a key pair made for the run); __session is an
 *          RS256 token for the demo agent's clerkUserId, azp = the app's origin. CLERK_API_URL points
 *          at a closed port: the dashboard of an agent that already exists must not call Clerk.
 *
 * Every mode's server runs for the whole benchmark, each on its own port (--port, the next, …):
 * `next start -p PORT -H localhost` (localhost, not 127.0.0.1, for clerkMiddleware's rewrite: see
 * e2e/support/clerk-e2e.ts; the same host in every mode). Each is checked (200 with "Welcome back,
 * <name>", refused without a session, clerkMiddleware answering in clerk mode and only there) and
 * warmed up (--warmup requests). Then --rounds rounds: in each, every mode in turn gets --duration
 * seconds of load over --connections connections (every other round in reverse order). Short turns
 * on servers that stay up mean whatever else the machine runs hits every mode alike. Every response's
 * latency is recorded (autocannon reports no p95), and per mode p50/p95/p99 are computed over all its
 * rounds' responses pooled, with the server's CPU time per response (its process group, from /proc;
 * the median round), which depends less on other load than latency does. The checks run again at the
 * end; any non-200 response or connection error voids the run (exit 1).
 *
 * The "before" build (no proxy, local sign-in only, `User.clerkId`) has other migrations and seed
 * code, so each checkout's database is migrated and seeded BY THAT CHECKOUT: its own
 * `node scripts/prisma.mjs migrate deploy` and `scripts/seed.ts` (the demo agents), run as child
 * processes in its directory, each into a database of its own on the one PostgreSQL. Nothing of the
 * current code touches the old schema; both builds serve the same demo agent with the same data.
 *
 *   --app-dir DIR          the checkout whose .next build is measured (default: this one); e.g. a
 *                          `git worktree` of the commit before the Clerk work, built there with
 *                          `DRIPR_MODE=local DATABASE_URL=postgresql://x@127.0.0.1:1/x npm run build`
 *                          (the old build needs that configuration to collect its pages)
 *   --before-app-dir DIR   also measure that checkout's build (mode "before", local sign-in) in the
 *                          same rounds, so before and after share the machine's conditions
 *   --modes local,clerk    --rounds 12   --connections 10   --duration 5 (s)   --warmup 300 (requests)
 *   --port 3200 (the first mode's; the others take the next ports)   --postgres-port 54379 (and the next port, kept closed, for Clerk's and
 *                          AWS's URLs)
 *   --app-node-arg FLAG    (repeatable) passed to node running `next start` (in the app's directory);
 *                          e.g. a CPU profile of each server: --app-node-arg=--cpu-prof
 *                          --app-node-arg=--cpu-prof-dir=$PWD/.data/bench-auth-profile
 *
 * Its own embedded PostgreSQL (.data/bench-auth-postgres, wiped at every start). No fauxqs: the
 * dashboard reads only the database (AWS_ENDPOINT_URL points at the closed port too). Everything it
 * starts runs under the dev launcher's Supervisor and is stopped on exit, error, Ctrl-C or SIGTERM.
 */

const { values } = parseArgs({
  options: {
    "app-dir": { type: "string", default: REPO_ROOT },
    "before-app-dir": { type: "string" },
    modes: { type: "string", default: "local,clerk" },
    rounds: { type: "string", default: "12" },
    connections: { type: "string", default: "10" },
    duration: { type: "string", default: "5" },
    warmup: { type: "string", default: "300" },
    port: { type: "string", default: "3200" },
    "postgres-port": { type: "string", default: "54379" },
    "app-node-arg": { type: "string", multiple: true, default: [] },
  },
});

type Auth = "local" | "clerk";
type Target = { label: string; appDir: string; auth: Auth };
const ROUNDS = positiveInt(values.rounds, "--rounds");
const CONNECTIONS = positiveInt(values.connections, "--connections");
const DURATION_S = positiveInt(values.duration, "--duration");
const WARMUP = positiveInt(values.warmup, "--warmup");
if (WARMUP < CONNECTIONS) usage("--warmup must be at least --connections (autocannon's rule)");
const PORT = positiveInt(values.port, "--port");
const POSTGRES_PORT = positiveInt(values["postgres-port"], "--postgres-port");
const CLOSED_PORT = POSTGRES_PORT + 1;
const CLOSED_URL = `http://127.0.0.1:${CLOSED_PORT}`;
const DATA_DIR = path.join(REPO_ROOT, ".data", "bench-auth-postgres");
const DEMO = DEMO_AGENTS[0]?.user;
if (!DEMO?.clerkUserId || !DEMO.firstName) throw new Error("lib/demo/demo-agents.ts: no demo agent");
const DEMO_CLERK_USER_ID = DEMO.clerkUserId;
const DEMO_EMAIL = DEMO.email;
const EXPECTED_TEXT = `Welcome back, ${DEMO.firstName}`;

const targets: Target[] = [];
const appDir = path.resolve(values["app-dir"]);
if (values["before-app-dir"]) {
  targets.push({ label: "before", appDir: path.resolve(values["before-app-dir"]), auth: "local" });
}
for (const mode of values.modes.split(",").map((m) => m.trim())) {
  if (mode !== "local" && mode !== "clerk") usage(`--modes takes local and/or clerk (got ${mode})`);
  targets.push({ label: mode, appDir, auth: mode });
}
const appDirs = [...new Set(targets.map((t) => t.appDir))];

const log = (line: string) => console.log(`[bench] ${line}`);
const node = process.execPath;
const expectedExits = new Set<Child>();
let rejectCrash: (error: Error) => void = () => {};
const crashed = new Promise<never>((_, reject) => {
  rejectCrash = reject;
});
crashed.catch(() => {});
const supervisor = new Supervisor((child, exit) => {
  if (!expectedExits.has(child)) {
    rejectCrash(new Error(`${child.name} exited unexpectedly (${describeExit(exit)})`));
  }
});
let finishing = false;

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (finishing) return;
    finishing = true;
    log(`${signal}: stopping everything the benchmark started…`);
    stopLoad();
    void supervisor.stopAll().finally(() => process.exit(130));
  });
}

type Checkout = { databaseUrl: string; agentId: string; buildId: string; commit: string };

async function main(): Promise<void> {
  const buildIds = new Map(appDirs.map((dir) => [dir, readBuildId(dir)]));
  await assertPortFree(POSTGRES_PORT, "benchmark PostgreSQL");
  await assertPortFree(CLOSED_PORT, "closed port for Clerk's and AWS's URLs");
  log(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );

  const serverUrl = await startPostgres();
  const checkouts = new Map<string, Checkout>();
  for (const [index, dir] of appDirs.entries()) {
    const database = `dripr_bench_auth_${index}`;
    await dropDatabase(serverUrl, database);
    const databaseUrl = await createDatabase(serverUrl, database);
    log(`${dir}: migrating and seeding ${database} with that checkout's own code`);
    await runIn(dir, "migrate", [path.join(dir, "scripts", "prisma.mjs"), "migrate", "deploy"], {
      DATABASE_URL: databaseUrl,
    });
    await runIn(dir, "seed", ["--import", "tsx", "--conditions=react-server", "scripts/seed.ts"], {
      DATABASE_URL: databaseUrl,
      DRIPR_MODE: "local",
    });
    const agentId = await withConnection(databaseUrl, async (client) => {
      const { rows } = await client.query<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [
        DEMO_EMAIL,
      ]);
      return rows[0]?.id;
    });
    if (!agentId) throw new Error(`${dir}: the seed made no demo agent ${DEMO_EMAIL}`);
    checkouts.set(dir, { databaseUrl, agentId, buildId: buildIds.get(dir) ?? "", commit: commitOf(dir) });
  }

  // Every mode's server runs the whole time (each on its own port); the load goes to one at a time,
  // taking turns in short bursts, so whatever else the machine does hits every mode alike.
  const clerkKeys = newKeyPair();
  const running: Running[] = [];
  for (const [index, target] of targets.entries()) {
    const checkout = checkouts.get(target.appDir) as Checkout;
    log(`starting ${target.label} (${target.appDir}@${checkout.commit}) on port ${PORT + index}`);
    running.push(await Promise.race([startTarget(target, checkout, PORT + index, clerkKeys), crashed]));
  }
  for (const app of running) {
    log(`${app.target.label}: checking the page, then ${WARMUP} warm-up requests`);
    await Promise.race([warmUp(app), crashed]);
  }
  const results: Measurement[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 === 1 ? running : [...running].reverse();
    for (const app of order) {
      const result = await Promise.race([measure(app, round), crashed]);
      results.push(result);
    }
    log(
      `round ${round}/${ROUNDS}: ${results
        .slice(-running.length)
        .map((r) => `${r.label} p95 ${r.p95.toFixed(0)} ms, ${r.serverCpuMs.toFixed(1)} ms CPU/req`)
        .join("; ")}`,
    );
  }
  for (const app of running) {
    await Promise.race([checkPage(app.checks), crashed]);
    if (readBuildId(app.target.appDir) !== app.checkout.buildId) {
      throw new Error(`${app.target.appDir}/.next changed during the run (a build?): the numbers are void`);
    }
  }
  for (const app of running) await stopServer(app.server);

  printReport(
    results,
    targets.map((t) => t.label),
    [
      `GET /dashboard, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION_S} s per mode, after ${WARMUP} warm-up requests`,
      ...targets.map((t) => {
        const checkout = checkouts.get(t.appDir) as Checkout;
        return `  ${t.label}: ${t.auth} sign-in, build ${checkout.buildId} of ${t.appDir} (HEAD ${checkout.commit})`;
      }),
    ],
  );
  const errors = results.reduce((sum, r) => sum + r.errors, 0);
  if (errors > 0) throw new Error(`${errors} requests failed: the run is invalid`);
}

type Running = {
  target: Target;
  checkout: Checkout;
  server: Child;
  url: string;
  cookie: string;
  checks: Parameters<typeof checkPage>[0];
};

/** One mode's server (`next start` on `port`), ready, with the session cookie that signs the agent in. */
async function startTarget(
  target: Target,
  checkout: Checkout,
  port: number,
  clerkKeys: { publicKey: string; privateKey: string },
): Promise<Running> {
  const origin = `http://localhost:${port}`;
  const env: Record<string, string> = {
    DRIPR_MODE: "local",
    DATABASE_URL: checkout.databaseUrl,
    APP_URL: origin,
    LOG_LEVEL: "warn",
    AWS_ENDPOINT_URL: CLOSED_URL,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "bench",
    AWS_SECRET_ACCESS_KEY: "bench",
    EMAIL_BUCKET: "dripr-bench-emails",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  let cookie: string;
  if (target.auth === "clerk") {
    Object.assign(env, {
      CLERK_SECRET_KEY,
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: CLERK_PUBLISHABLE_KEY,
      CLERK_JWT_KEY: clerkKeys.publicKey,
      CLERK_API_URL: CLOSED_URL,
      CLERK_TELEMETRY_DISABLED: "1",
      NEXT_PUBLIC_CLERK_TELEMETRY_DISABLED: "1",
      NEXT_PUBLIC_CLERK_KEYLESS_DISABLED: "1",
      CLERK_DISABLE_AUTO_PROXY: "1",
    });
    // Valid for two hours: longer than any run here.
    const session = await signSessionToken({
      sub: DEMO_CLERK_USER_ID,
      azp: origin,
      expiresIn: 7200,
      privateKey: clerkKeys.privateKey,
    });
    cookie = sessionCookie(session);
  } else {
    cookie = `dripr_session=${await signLocalSession(checkout.agentId, LOCAL_DEFAULTS.sessionSecret)}`;
  }

  await assertPortFree(port, `benchmark app (${target.label})`);
  const next = path.join(target.appDir, "node_modules", "next", "dist", "bin", "next");
  const server = startIn(
    target.appDir,
    `app-${target.label}`,
    [...values["app-node-arg"], next, "start", "-p", String(port), "-H", "localhost"],
    env,
  );
  await whenReady(server, portAccepts(server, port, "localhost"), 60_000);
  const url = `${origin}/dashboard`;
  const checks = { label: target.label, url, cookie, text: EXPECTED_TEXT, clerk: target.auth === "clerk" };
  return { target, checkout, server, url, cookie, checks };
}

async function warmUp(app: Running): Promise<void> {
  await checkPage(app.checks);
  await runLoad({ url: app.url, connections: CONNECTIONS, amount: WARMUP, cookie: app.cookie });
}

/** One burst of load on one mode's server: latencies, and the server's CPU time per response. */
async function measure(app: Running, round: number): Promise<Measurement> {
  const loadBefore = loadavg()[0] ?? 0;
  const cpuBefore = readGroupCpuSeconds(app.server.pid);
  const stats = await measureLoad({
    url: app.url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    cookie: app.cookie,
  });
  const cpuSeconds = readGroupCpuSeconds(app.server.pid) - cpuBefore;
  const loadAfter = loadavg()[0] ?? 0;
  return {
    label: app.target.label,
    round,
    ...stats,
    serverCpuMs: (cpuSeconds * 1000) / stats.requests,
    load: [loadBefore, loadAfter],
  };
}

/** Embedded PostgreSQL as a child process (as bench-services does), on a wiped data directory. */
async function startPostgres(): Promise<string> {
  const ready = lineMatching(/^ready: /);
  const postgres = supervisor.start(
    "postgres",
    node,
    [
      "--import",
      "tsx",
      path.join(REPO_ROOT, "scripts", "services", "postgres.ts"),
      "--data-dir",
      DATA_DIR,
      "--port",
      String(POSTGRES_PORT),
      "--database",
      "postgres",
      "--fresh",
    ],
    { env: baseEnv({}), onLine: ready.onLine },
  );
  return (await whenReady(postgres, ready.seen, 120_000)).replace(/^ready: /, "").trim();
}

/** A long-running child with `dir` as its working directory (the Supervisor spawns in ours). */
function startIn(dir: string, name: string, args: string[], env: Record<string, string>): Child {
  process.chdir(dir);
  try {
    return supervisor.start(name, node, args, { env: baseEnv(env) });
  } finally {
    process.chdir(REPO_ROOT);
  }
}

/** A command run to completion in `dir` (that checkout's tsx, tsconfig and Prisma config). */
async function runIn(dir: string, name: string, args: string[], env: Record<string, string>): Promise<void> {
  process.chdir(dir);
  let done: Promise<void>;
  try {
    done = supervisor.run(name, node, args, { env: baseEnv(env) });
  } finally {
    process.chdir(REPO_ROOT);
  }
  await done;
}

/** SIGTERM to the server's process group, SIGKILL after 10 s; returns once the group is gone. */
async function stopServer(server: Child): Promise<void> {
  expectedExits.add(server);
  const signal = (name: NodeJS.Signals | 0) => {
    try {
      process.kill(-server.pid, name);
      return true;
    } catch {
      return false; // the group is gone
    }
  };
  signal("SIGTERM");
  const deadline = Date.now() + 10_000;
  while (signal(0)) {
    if (Date.now() > deadline) signal("SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await server.exited;
}

function readBuildId(dir: string): string {
  const file = path.join(dir, ".next", "BUILD_ID");
  if (!existsSync(file)) {
    console.error(`No production build in ${path.join(dir, ".next")}: run \`npm run build\` there first.`);
    process.exit(2);
  }
  return readFileSync(file, "utf8").trim();
}

function commitOf(dir: string): string {
  try {
    return execFileSync("git", ["-C", dir, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "?";
  }
}

/** `extra` and only what node and tsx need: nothing of the caller's shell (DATABASE_URL, Clerk keys). */
function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: Record<string, string> = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
  for (const name of ["PATH", "HOME", "TMPDIR", "LANG", "TZ", "NO_COLOR"]) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  // Next's types declare NODE_ENV required; leaving it unset is the point (`next start` sets it).
  return { ...env, ...extra } as NodeJS.ProcessEnv;
}

function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) usage(`${name} must be a positive integer (got ${value})`);
  return n;
}

function usage(message: string): never {
  console.error(message);
  process.exit(2);
}

main()
  .then(() => supervisor.stopAll())
  .catch(async (error: unknown) => {
    console.error(`[bench] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    stopLoad();
    await supervisor.stopAll();
    process.exitCode = 1;
  });
