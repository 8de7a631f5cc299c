import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

/**
 * Database chores shared by the test infrastructure (test/global-setup.ts, test/setup-db.ts),
 * `npm run test:migrations` and the browser tests' database (e2e/support/e2e-services.ts).
 * Works on any PostgreSQL server: the embedded one or the one a user's DATABASE_URL points at.
 */

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const MIGRATIONS_DIR = path.join(REPO_ROOT, "prisma", "migrations");

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The same server and credentials as `serverUrl`, another database. Query parameters are kept. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.href;
}

/** Runs statements on one connection to `url` (CREATE/DROP DATABASE cannot run in a transaction). */
export async function withConnection<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(serverUrl: string, name: string, template?: string): Promise<string> {
  const templateClause = template ? ` TEMPLATE ${quoteIdent(template)}` : "";
  await withConnection(serverUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}${templateClause}`));
  return databaseUrl(serverUrl, name);
}

/** Drops a database even while clients are still connected to it. */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withConnection(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

export type PrismaRun = { code: number; stdout: string; stderr: string };

/** `node scripts/prisma.mjs …` (the Prisma CLI with the offline engine) with DATABASE_URL set. */
export function runPrisma(args: string[], databaseUrlForCli: string): Promise<PrismaRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(REPO_ROOT, "scripts", "prisma.mjs"), ...args],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, DATABASE_URL: databaseUrlForCli, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 5 * 60_000,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") reject(error);
        else resolve({ code: typeof error?.code === "number" ? error.code : 0, stdout, stderr });
      },
    );
  });
}

export async function migrateDeploy(url: string): Promise<PrismaRun> {
  if (!existsSync(MIGRATIONS_DIR)) throw new Error(`No migrations found: ${MIGRATIONS_DIR} does not exist.`);
  const run = await runPrisma(["migrate", "deploy"], url);
  if (run.code !== 0) {
    throw new Error(`prisma migrate deploy failed (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
  return run;
}

/**
 * A hash of every file under prisma/migrations, so a migrated template can be reused until a
 * migration is added or changed.
 */
export function migrationsFingerprint(): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        hash.update(path.relative(MIGRATIONS_DIR, full)).update("\0").update(readFileSync(full)).update("\0");
      }
    }
  };
  if (existsSync(MIGRATIONS_DIR)) walk(MIGRATIONS_DIR);
  return hash.digest("hex");
}
