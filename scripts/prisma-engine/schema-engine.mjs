#!/usr/bin/env node
// Prisma schema engine shim: a stand-in for the native `schema-engine` executable that the Prisma
// CLI spawns for `migrate *` and `db *`. The native engine is downloaded on first use, which these
// machines cannot do; the same engine compiled to WebAssembly ships on npm. This script speaks the
// native executable's command line and JSON-RPC protocol and forwards each call to the WebAssembly
// engine, which reaches PostgreSQL through the `pg` driver adapter.
//
// Pinned to (upgrade all together, then rerun scripts/prisma-engine/smoke-test.mjs):
//   prisma / @prisma/adapter-pg / @prisma/driver-adapter-utils  7.10.0
//   @prisma/schema-engine-wasm  7.10.0-4.0edf323efd1d98336f3f0a68684b56f689b900d3
//
// scripts/prisma.mjs points PRISMA_SCHEMA_ENGINE_BINARY here only when it is unset: a native engine
// provided by the user always wins. PostgreSQL only (the wasm engine refuses MySQL).
// The protocol is the one prisma 7.10.0's CLI speaks (node_modules/prisma/build/cli.js, search for
// "can-connect-to-database" and "getRPCPayload"), not a published spec: recheck it on upgrades.

import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  DriverAdapterError,
} from "@prisma/driver-adapter-utils";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";

const args = parseArgs(process.argv.slice(2));
const datasource = args.datasource ? JSON.parse(args.datasource) : {};
const pools = new Set(); // every pool we open, so shutdown can close them all
const shadowDbs = new Set(); // temporary shadow databases not dropped yet
const CONNECT_TIMEOUT_MS = 10_000; // pg waits forever by default; the native engine gives up too

function parseArgs(argv) {
  const out = { datamodels: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--version" || arg === "-V") out.version = true;
    else if (arg === "--datamodels") out.datamodels.push(argv[++i]);
    else if (arg === "--datasource") out.datasource = argv[++i];
    // The wasm engine takes no preview-feature or extension options; accepted and ignored.
    else if (arg === "--enabled-preview-features" || arg === "--extension-types") i++;
    else if (arg === "cli") out.cli = argv[++i];
  }
  return out;
}

async function loadWasm() {
  // Rust panics report their message here before the wasm traps; we turn it into an is_panic error.
  globalThis.PRISMA_WASM_PANIC_REGISTRY = {
    set_message(message) {
      globalThis.PRISMA_WASM_PANIC_REGISTRY.last = message;
    },
  };
  // The package's default entry does `import "./x.wasm"`, which plain Node cannot load.
  const gluePath = fileURLToPath(import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  const bytes = await readFile(gluePath.replace(/\.js$/, ".wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return glue;
}

// ---------------------------------------------------------------------------------------------
// One-shot commands (`... cli can-connect-to-database` etc.). The CLI reads only stderr: it skips
// the first line and expects every other line to be a JSON log record; an ERROR record from
// target schema_engine::logger carries the user-facing error code (P1003 makes `migrate deploy`
// create the database).

async function runCliCommand(command) {
  logLine("INFO", "schema_engine_cli", `schema engine shim (wasm): ${command}`);
  let target;
  let database;
  try {
    target = new URL(datasource.url);
    database = decodeURIComponent(target.pathname.slice(1)) || "postgres";
    if (command === "can-connect-to-database") {
      await withClient(datasource.url, () => {});
    } else if (command === "create-database" || command === "drop-database") {
      const admin = new URL(target);
      admin.pathname = database === "postgres" ? "/template1" : "/postgres";
      const verb = command === "create-database" ? "CREATE" : "DROP";
      await withClient(admin.href, (c) => c.query(`${verb} DATABASE ${quoteIdent(database)}`));
      if (verb === "CREATE") await writeOut(`${database}\n`);
    } else {
      throw new Error(`Unsupported command: cli ${command}`);
    }
    return 0;
  } catch (error) {
    const { code, message } = describeConnectionError(error, target, database);
    logLine("ERROR", "schema_engine::logger", message, code);
    return 1;
  }
}

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on("error", () => {}); // a dropped connection surfaces through the pending query
  try {
    await client.connect();
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

// Same codes and wording as the native engine, so the CLI's handling and messages are unchanged.
function describeConnectionError(error, url, database) {
  if (!url) return { code: undefined, message: `Invalid or missing datasource URL: ${error.message}` };
  const at = `${url.hostname}:${url.port || 5432}`;
  // pg reports a timed-out or refused handshake without an error code.
  const unreachable = !error.code && /timeout|terminated unexpectedly/i.test(error.message);
  switch (unreachable ? "ETIMEDOUT" : error.code) {
    case "3D000":
      return {
        code: "P1003",
        message: `Database \`${database}\` does not exist on the database server at \`${at}\`.`,
      };
    case "42P04":
      return {
        code: "P1009",
        message: `Database \`${database}\` already exists on the database server at \`${at}\``,
      };
    case "28P01":
    case "28000":
      return {
        code: "P1000",
        message: `Authentication failed against database server, the provided database credentials for \`${decodeURIComponent(url.username)}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at the configured address.`,
      };
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
      return {
        code: "P1001",
        message: `Can't reach database server at \`${at}\`\n\nPlease make sure your database server is running at \`${at}\`.`,
      };
    default:
      return { code: undefined, message: error.message };
  }
}

function logLine(level, target, message, errorCode) {
  const fields = errorCode ? { message, error_code: errorCode } : { message };
  process.stderr.write(`${JSON.stringify({ timestamp: new Date().toISOString(), level, target, fields })}\n`);
}

// ---------------------------------------------------------------------------------------------
// JSON-RPC mode: one request per stdin line, answered in order; exit when stdin closes.

async function serveJsonRpc() {
  const wasm = await loadWasm();
  const datamodels = await Promise.all(args.datamodels.map(async (p) => [p, await readFile(p, "utf8")]));
  let engine; // created on the first request so a bad --datasource still gets a JSON-RPC answer
  let diagnosed = false;
  let printId = 0;

  const ENGINE_METHODS = new Set([
    "applyMigrations",
    "createMigration",
    "dbExecute",
    "debugPanic",
    "devDiagnostic",
    "diagnoseMigrationHistory",
    "diff",
    "ensureConnectionValidity",
    "evaluateDataLoss",
    "introspect",
    "introspectSql",
    "markMigrationApplied",
    "markMigrationRolledBack",
    "reset",
    "schemaPush",
    "version",
  ]);
  // In the wasm engine these fail unless devDiagnostic ran earlier in the same process, which the
  // CLI does not always do first; run it on their behalf and ignore its verdict.
  const needsDiagnostic = new Set(["createMigration", "evaluateDataLoss"]);

  async function handle(request) {
    const method = request.method === "getDatabaseVersion" ? "version" : request.method;
    engine ??= await wasm.SchemaEngine.new(
      { datamodels: datamodels.length ? datamodels : undefined },
      (line) => process.stderr.write(`${line}\n`),
      bindMigrationAwareSqlAdapterFactory(adapterFactory()),
    );
    if (!ENGINE_METHODS.has(method)) {
      return { error: { code: -32601, message: `Method not found: ${request.method}` } };
    }
    if (needsDiagnostic.has(method) && !diagnosed) {
      const { migrationsList, filters } = request.params;
      await engine.devDiagnostic({ migrationsList, filters }).catch(() => {});
    }
    if (method === "devDiagnostic") diagnosed = true;
    const result = await engine[method](request.params);
    if (method === "diff") {
      // The native engine prints the diff through a request *to* the CLI and returns only the
      // exit code; the CLI writes `content` to its stdout. Its acknowledgement is ignored below.
      if (result.stdout != null) {
        await writeOut(
          `${JSON.stringify({ jsonrpc: "2.0", id: `print-${++printId}`, method: "print", params: { content: result.stdout } })}\n`,
        );
      }
      return { result: { exitCode: result.exitCode } };
    }
    return { result: result ?? null };
  }

  let queue = Promise.resolve();
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    const request = JSON.parse(line);
    if (request.method === undefined) return; // the CLI's answer to our `print` request
    queue = queue.then(async () => {
      let reply;
      try {
        reply = await Promise.race([handle(request), crashed]);
      } catch (error) {
        reply = { error: engineError(error) };
      }
      await writeOut(`${JSON.stringify({ jsonrpc: "2.0", id: request.id, ...reply })}\n`);
    });
  });
  lines.on("close", () => queue.then(() => shutdown(0)));
}

// wasm-bindgen rethrows some failures (e.g. malformed params) from a microtask, out of reach of the
// awaiting request; fail that request instead of dying without an answer, then stop.
let crashedWith;
const crashed = new Promise((_, reject) => {
  crashedWith = reject;
});
crashed.catch(() => {});
process.on("uncaughtException", (error) => {
  logLine("ERROR", "schema_engine_cli", error?.stack ?? String(error));
  crashedWith(error);
  setTimeout(() => shutdown(1), 100);
});
// The CLI sends SIGTERM right after closing stdin; finish cleaning up first.
process.on("SIGTERM", () => shutdown(0));
process.on("SIGINT", () => shutdown(130));

function engineError(error) {
  const panic = globalThis.PRISMA_WASM_PANIC_REGISTRY?.last;
  if (panic !== undefined) globalThis.PRISMA_WASM_PANIC_REGISTRY.last = undefined;
  const message = panic ?? error?.message ?? String(error);
  return {
    code: 4466,
    // The CLI shows this message for panics and data.message otherwise.
    message: panic ?? "An error happened. Check the data field for details.",
    data: {
      is_panic: panic !== undefined,
      message,
      error_code: error?.code ?? null,
      meta: error?.meta ?? null,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The pg adapter, with three @prisma/adapter-pg 7.10.0 bugs worked around.

function adapterFactory() {
  if (!datasource.url) {
    const missing = () =>
      Promise.reject(userError("No datasource URL: set datasource.url in prisma.config.ts."));
    return {
      provider: "postgres",
      adapterName: "@prisma/adapter-pg",
      connect: missing,
      connectToShadowDb: missing,
    };
  }
  const schema = new URL(datasource.url).searchParams.get("schema") ?? undefined;
  const mainPool = openPool(datasource.url, schema);
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => connectAdapter(mainPool, schema),
    // Bug: the stock connectToShadowDb creates a database and then connects to the main one again
    // (the URL's database wins over the override). Create, connect and drop our own instead.
    async connectToShadowDb() {
      if (datasource.shadowDatabaseUrl)
        return connectToGivenShadowDb(datasource.shadowDatabaseUrl, schema, mainPool);
      const name = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
      await mainPool.query(`CREATE DATABASE ${quoteIdent(name)}`);
      shadowDbs.add(name);
      const url = new URL(datasource.url);
      url.pathname = `/${name}`;
      const pool = openPool(url.href, schema);
      const adapter = await connectAdapter(pool, schema);
      adapter.dispose = async () => {
        await closePool(pool);
        await dropShadowDb(mainPool, name);
      };
      return adapter;
    },
  };
}

// A configured shadow database (SHADOW_DATABASE_URL, or `<database>_shadow` by default, see
// prisma.config.ts) is created when missing and reset before use, as the native engine does.
async function connectToGivenShadowDb(url, schema, mainPool) {
  if (sameDatabase(url, datasource.url)) {
    throw userError(
      "The shadow database URL points to the main database. Use a separate, disposable database.",
    );
  }
  let pool = openPool(url, schema);
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    if (error?.code !== "3D000") throw error; // 3D000: the database does not exist
    await closePool(pool);
    await mainPool.query(`CREATE DATABASE ${quoteIdent(decodeURIComponent(new URL(url).pathname.slice(1)))}`);
    pool = openPool(url, schema);
  }
  const { rows } = await pool.query(
    "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'",
  );
  const drops = rows.map((r) => `DROP SCHEMA ${quoteIdent(r.nspname)} CASCADE;`).join(" ");
  await pool.query(`${drops} CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema ?? "public")};`);
  const adapter = await connectAdapter(pool, schema);
  adapter.dispose = () => closePool(pool);
  return adapter;
}

// Errors other than DriverAdapterError reach the user as a bare "External error id#0".
function userError(message) {
  return new DriverAdapterError({ kind: "postgres", code: "N/A", severity: "ERROR", message });
}

async function connectAdapter(pool, schema) {
  return patchAdapter(await new PrismaPg(pool, { schema }).connect(), pool);
}

function patchAdapter(adapter, pool) {
  // Bug: executeScript splits on ";", which breaks function bodies and string literals and makes a
  // failing migration half-applied. A parameterless query runs the whole script as one implicit
  // transaction, like the native engine.
  adapter.executeScript = async (script) => {
    try {
      await pool.query(script);
    } catch (error) {
      adapter.onError(error); // rethrows as a DriverAdapterError the engine understands
    }
  };
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...a) => readCharAsCharacter(await startTransaction(...a));
  return readCharAsCharacter(adapter);
}

// Bug: PostgreSQL's one-byte "char" type (OID 18, used throughout pg_catalog: contype, relkind, ...)
// is rejected as an unsupported column type. pg already returns its values as strings: let the
// adapter read it as text, then label the column as a character column.
const charColumnsOf = new WeakMap(); // result rows -> indices of "char" columns
function readCharAsCharacter(queryable) {
  const performIO = queryable.performIO.bind(queryable);
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    if (Array.isArray(result)) return result; // a multi-statement script (db execute): no rows read
    const indices = [];
    result.fields.forEach((field, i) => {
      if (field.dataTypeID === 18) {
        field.dataTypeID = pg.types.builtins.TEXT;
        indices.push(i);
      }
    });
    if (indices.length) charColumnsOf.set(result.rows, indices);
    return result;
  };
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const i of charColumnsOf.get(result.rows) ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
    return result;
  };
  return queryable;
}

// One connection per database, kept open: the engine holds a session-level advisory lock on the
// main database while migrating, which a pool would lose by rotating or idling out connections.
function openPool(url, schema) {
  const pool = new pg.Pool({
    connectionString: url,
    // The engine's SQL names the schema only sometimes (migration scripts never), like `?schema=`
    // with the native engine, which also sets the search path.
    options: schema ? `-c search_path=${quoteIdent(schema)}` : undefined,
    max: 1,
    idleTimeoutMillis: 0,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  pool.on("error", () => {}); // a lost connection fails the next query, which reports it
  pools.add(pool);
  return pool;
}

async function closePool(pool) {
  if (!pools.delete(pool)) return;
  await pool.end().catch(() => {});
}

async function dropShadowDb(adminPool, name) {
  await adminPool.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
  shadowDbs.delete(name);
}

function sameDatabase(a, b) {
  const [x, y] = [new URL(a), new URL(b)];
  return x.hostname === y.hostname && (x.port || "5432") === (y.port || "5432") && x.pathname === y.pathname;
}

function quoteIdent(name) {
  return `"${name.replaceAll('"', '""')}"`;
}

function writeOut(text) {
  return new Promise((resolve) => process.stdout.write(text, () => resolve()));
}

let stopping;
function shutdown(code) {
  stopping ??= (async () => {
    // Shadow databases the engine did not dispose of (e.g. after an error) are dropped here.
    const admin = shadowDbs.size ? [...pools][0] : undefined;
    for (const name of shadowDbs) {
      for (const pool of pools) if (pool !== admin) await closePool(pool);
      await dropShadowDb(admin, name).catch((e) =>
        logLine("WARN", "schema_engine_cli", `could not drop ${name}: ${e.message}`),
      );
    }
    await Promise.all([...pools].map(closePool));
    process.exit(code);
  })();
  return stopping;
}

// Entry point last, so every module-level constant above is initialised before any await.
if (args.version) {
  const engine = await loadWasm();
  await writeOut(`schema-engine-cli ${engine.version()}\n`);
  process.exit(0);
} else if (args.cli) {
  process.exit(await runCliCommand(args.cli));
} else {
  await serveJsonRpc();
}
