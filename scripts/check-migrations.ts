import { randomBytes } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import { type LocalPostgres, startLocalPostgres } from "./lib/local-postgres";
import { createDatabase, dropDatabase, migrateDeploy, REPO_ROOT, runPrisma } from "./lib/test-databases";

/**
 * `npm run test:migrations`: fails when prisma/schema.prisma and the committed migrations disagree.
 * Applies every migration to a fresh database, then diffs that database against the schema.
 *
 *   node --import tsx scripts/check-migrations.ts [--schema path/to/schema.prisma]
 *
 * Uses the server of DATABASE_URL when set, otherwise its own embedded PostgreSQL (port 54338,
 * .data/check-migrations-postgres): separate from the unit tests' server, because starting a server
 * on a data directory stops whatever still runs there (see scripts/lib/local-postgres.ts).
 * CHECK constraints are invisible to `migrate diff`; test/infra.db.test.ts covers those.
 */

const EMBEDDED_PORT = 54338;
const EMBEDDED_DATA_DIR = path.join(REPO_ROOT, ".data", "check-migrations-postgres");

const { values } = parseArgs({ options: { schema: { type: "string" } } });
const schemaPath = path.resolve(values.schema ?? path.join(REPO_ROOT, "prisma", "schema.prisma"));
const log = (line: string) => console.log(`[check-migrations] ${line}`);

async function main(): Promise<number> {
  const userUrl = process.env.DATABASE_URL?.trim();
  let server: LocalPostgres | undefined;
  let serverUrl: string;
  if (userUrl) serverUrl = userUrl;
  else {
    server = await startLocalPostgres({ dataDir: EMBEDDED_DATA_DIR, port: EMBEDDED_PORT, log });
    serverUrl = server.url("postgres");
  }
  const database = `dripr_migrations_check_${randomBytes(4).toString("hex")}`;
  try {
    const url = await createDatabase(serverUrl, database);
    log(`applying prisma/migrations to a fresh database (${database})`);
    await migrateDeploy(url);

    const shownSchema = schemaPath.startsWith(REPO_ROOT) ? path.relative(REPO_ROOT, schemaPath) : schemaPath;
    log(`comparing the migrated database with ${shownSchema}`);
    const diffArgs = ["migrate", "diff", "--from-config-datasource", "--to-schema", schemaPath];
    const diff = await runPrisma([...diffArgs, "--exit-code"], url);
    if (diff.code === 0) {
      log("OK: the migrations produce exactly the schema");
      return 0;
    }
    if (diff.code === 2) {
      const script = await runPrisma([...diffArgs, "--script"], url);
      console.error(
        [
          "",
          "schema.prisma has changes without a migration: run npm run db:migrate -- --name <name>",
          "",
          "Differences between the migrated database and the schema:",
          diff.stdout.trim(),
          "",
          "SQL the missing migration would contain:",
          script.stdout.trim(),
          "",
        ].join("\n"),
      );
      return 1;
    }
    console.error(`prisma migrate diff failed (exit ${diff.code}):\n${diff.stdout}\n${diff.stderr}`);
    return 1;
  } finally {
    await dropDatabase(serverUrl, database).catch((error: unknown) =>
      log(`could not drop ${database}: ${error}`),
    );
    await server?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
