import { parseArgs } from "node:util";
import { type LocalPostgres, startLocalPostgres } from "../lib/local-postgres";

/**
 * Embedded PostgreSQL as its own process, so `npm run dev` can stop it (and the kernel can, should
 * the launcher die) like any other child. Prints "ready: <url>" once the database exists.
 *   node --import tsx scripts/services/postgres.ts --data-dir .data/postgres --port 54329 --database dripr
 *   [--fresh: an empty data directory]
 */

const { values } = parseArgs({
  options: {
    "data-dir": { type: "string", default: ".data/postgres" },
    port: { type: "string", default: "54329" },
    database: { type: "string", default: "dripr" },
    // Start from an empty data directory.
    fresh: { type: "boolean", default: false },
  },
});

let server: LocalPostgres | undefined;
let stopping = false;

async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`stopping PostgreSQL (${signal})`);
  await server?.stop();
  console.log("PostgreSQL stopped");
  process.exit(0);
}
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(signal, stop);

try {
  server = await startLocalPostgres({
    dataDir: values["data-dir"],
    port: Number(values.port),
    log: console.log,
    fresh: values.fresh,
  });
  await server.ensureDatabase(values.database);
  console.log(`ready: ${server.url(values.database)}`);
} catch (error) {
  console.error(`PostgreSQL did not start: ${error instanceof Error ? error.message : String(error)}`);
  await server?.stop();
  process.exit(1);
}
