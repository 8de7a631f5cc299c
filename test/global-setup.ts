import path from "node:path";
import type { TestProject } from "vitest/node";
import { type LocalPostgres, startLocalPostgres } from "@/scripts/lib/local-postgres";
import {
  databaseUrl,
  dropDatabase,
  migrateDeploy,
  migrationsFingerprint,
  quoteIdent,
  REPO_ROOT,
  withConnection,
} from "@/scripts/lib/test-databases";

/**
 * Once per `vitest run`: a PostgreSQL server and a migrated template database. Each `*.db.test.ts`
 * file then gets its own copy of the template (test/setup-db.ts), so files running in parallel
 * workers never see each other's rows.
 *
 * The server is the user's when DATABASE_URL is set, otherwise an embedded one (port 54339, data in
 * .data/test-postgres, kept between runs). The template is migrated again only when a file under
 * prisma/migrations changed (its fingerprint is stored as the database comment), so reruns take
 * about a second.
 */

/**
 * One template per set of migrations (its fingerprint in the name): checkouts with different
 * migrations sharing one server (worktrees of parallel branches) then never drop each other's
 * template while the other's files are being copied from it.
 */
export const TEST_TEMPLATE_DATABASE = `dripr_test_template_${migrationsFingerprint().slice(0, 12)}`;
/** Per-file databases are named `dripr_test_<runId>_…`. */
const PER_FILE_PREFIX = "dripr_test_";
const EMBEDDED_PORT = 54339;
const EMBEDDED_DATA_DIR = path.join(REPO_ROOT, ".data", "test-postgres");
/** Serialises template preparation between runs that share one server. */
const TEMPLATE_LOCK_KEY = 5_433_901;

export type TestDatabaseContext = {
  /** Connection string for administrative statements (CREATE/DROP DATABASE) on the test server. */
  serverUrl: string;
  template: string;
  /** Prefix of this run's per-file database names. */
  databasePrefix: string;
};

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: TestDatabaseContext;
  }
}

const log = (line: string) => console.log(`[test-db] ${line}`);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const startedAt = Date.now();
  const userUrl = process.env.DATABASE_URL?.trim();
  let server: LocalPostgres | undefined;
  let serverUrl: string;
  if (userUrl) {
    serverUrl = userUrl;
    log(`using the server of DATABASE_URL (${new URL(userUrl).host})`);
  } else {
    server = await startLocalPostgres({ dataDir: EMBEDDED_DATA_DIR, port: EMBEDDED_PORT, log });
    serverUrl = server.url("postgres");
  }

  const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 3).toString(36)}`;
  const databasePrefix = `${PER_FILE_PREFIX}${runId}_`;
  try {
    // Our own server: databases left by a killed run are garbage. A user's server may be shared
    // by concurrent runs, so there only this run's databases are removed (at teardown).
    if (server) await dropDatabasesStartingWith(serverUrl, PER_FILE_PREFIX);
    const outcome = await prepareTemplate(serverUrl);
    log(`template ${TEST_TEMPLATE_DATABASE} ${outcome} (${((Date.now() - startedAt) / 1000).toFixed(1)} s)`);
  } catch (error) {
    await server?.stop();
    throw error;
  }

  project.provide("testDatabase", { serverUrl, template: TEST_TEMPLATE_DATABASE, databasePrefix });

  return async () => {
    try {
      await dropDatabasesStartingWith(serverUrl, databasePrefix);
    } finally {
      await server?.stop();
    }
  };
}

async function prepareTemplate(serverUrl: string): Promise<"reused" | "migrated"> {
  // Only hex digits: safe to inline in COMMENT ON, which takes no parameters.
  const fingerprint = `migrations:${migrationsFingerprint()}`;
  return withConnection(serverUrl, async (admin) => {
    await admin.query("SELECT pg_advisory_lock($1)", [TEMPLATE_LOCK_KEY]);
    try {
      const found = await admin.query<{ comment: string | null }>(
        "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
        [TEST_TEMPLATE_DATABASE],
      );
      if (found.rows[0]?.comment === fingerprint) return "reused";

      const template = quoteIdent(TEST_TEMPLATE_DATABASE);
      log(`migrating ${TEST_TEMPLATE_DATABASE}`);
      await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${template}`);
      await migrateDeploy(databaseUrl(serverUrl, TEST_TEMPLATE_DATABASE));
      // Written last: a template whose migration failed is never reused.
      await admin.query(`COMMENT ON DATABASE ${template} IS '${fingerprint}'`);
      return "migrated";
    } finally {
      await admin.query("SELECT pg_advisory_unlock($1)", [TEMPLATE_LOCK_KEY]);
    }
  });
}

async function dropDatabasesStartingWith(serverUrl: string, prefix: string): Promise<void> {
  const found = await withConnection(serverUrl, (c) =>
    c.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE starts_with(datname, $1) AND datname <> $2",
      [prefix, TEST_TEMPLATE_DATABASE],
    ),
  );
  for (const { datname } of found.rows) await dropDatabase(serverUrl, datname);
}
