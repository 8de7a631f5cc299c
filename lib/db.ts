import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { getConfig } from "@/lib/env";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";

/** The only Prisma client. Created on first use; reused across hot reloads in development. */
const globalForDb = globalThis as unknown as { drprDb?: PrismaClient };

/** Each client's connection pool, shared with queryRows. */
const pools = new WeakMap<object, pg.Pool>();

/** `date` columns as UTC midnight, as Prisma reads them (pg's default is local midnight). */
const DATE_OID = 1082;
const rawTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === DATE_OID && format !== "binary"
      ? (value: string) => new Date(`${value}T00:00:00Z`)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export function createDbClient(databaseUrl: string): PrismaClient {
  // Prisma's adapter passes its own type parsers with every query; `types` only shapes queryRows.
  const pool = new pg.Pool({ connectionString: databaseUrl, types: rawTypes });
  // A connection that fails while idle (the server restarted, or an administrator or a failover
  // closed it) is dropped by the pool, which opens another when needed; with no listener, the
  // pool's 'error' event would end the process.
  pool.on("error", (err: Error & { code?: string }) => {
    logger.warn(
      { error: err.message, code: err.code },
      "an idle database connection was closed; the pool opens another when needed",
    );
  });
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(client, pool);
  return client;
}

export function getDb(): PrismaClient {
  globalForDb.drprDb ??= createDbClient(getConfig().databaseUrl);
  return globalForDb.drprDb;
}

export async function disconnectDb(): Promise<void> {
  const db = globalForDb.drprDb;
  globalForDb.drprDb = undefined;
  if (db) await closeDbClient(db);
}

/**
 * Closes a client made by createDbClient and its pool. Prisma ends the pool only if it connected
 * itself, which a worker whose statements all went through queryRows never made it do.
 */
export async function closeDbClient(db: PrismaClient): Promise<void> {
  await db.$disconnect();
  const pool = pools.get(db);
  if (pool && !pool.ended) await pool.end();
}

type RawClient = Pick<Prisma.TransactionClient, "$queryRaw">;

/** A transaction begun by rawTransaction: queryRows runs on its connection. */
class PoolTransaction {
  constructor(readonly connection: pg.PoolClient) {}
}

/** Where queryRows runs a statement: a Prisma client or transaction, or a rawTransaction. */
export type SqlClient = RawClient | PoolTransaction;

/**
 * One raw statement (a `Prisma.sql` query) for the workers' hot paths. On a client, it goes straight
 * to the client's pool: Prisma's raw-query path costs several times the driver's CPU per statement,
 * more with array parameters (a 10-row unnest: ~0.9 ms against ~0.24 ms, measured here). Inside a
 * transaction (a Prisma transaction client or a rawTransaction), it goes through the transaction.
 * Rows come as the driver returns them: bigint columns are strings, timestamps and dates Dates;
 * `SELECT *` of a model's table gives its Prisma type for models without Decimal, BigInt or Bytes
 * fields.
 */
export async function queryRows<T>(db: SqlClient, query: Prisma.Sql): Promise<T[]> {
  if (db instanceof PoolTransaction) return (await db.connection.query(query.text, query.values)).rows as T[];
  const pool = pools.get(db);
  if (!pool) return db.$queryRaw<T[]>(query);
  return (await pool.query(query.text, query.values)).rows as T[];
}

/**
 * A transaction of raw statements for the workers' hot paths: BEGIN … COMMIT on one connection of
 * the client's pool, without Prisma's interactive-transaction machinery (several times the CPU of
 * the statements themselves for a short transaction). `work` runs its statements with
 * queryRows(tx, …). Any error rolls back and is rethrown; a connection whose ROLLBACK failed is
 * closed rather than reused. Unlike Prisma's transactions it has no time limit of its own. A client
 * not made by createDbClient (no pool of its own) runs `work` in a Prisma transaction instead.
 */
export async function rawTransaction<T>(db: PrismaClient, work: (tx: SqlClient) => Promise<T>): Promise<T> {
  const pool = pools.get(db);
  if (!pool) return db.$transaction((tx) => work(tx), { timeout: 30_000, maxWait: 10_000 });
  const connection = await pool.connect();
  let broken: Error | undefined;
  try {
    await connection.query("BEGIN");
    const result = await work(new PoolTransaction(connection));
    await connection.query("COMMIT");
    return result;
  } catch (error) {
    await connection.query("ROLLBACK").catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    connection.release(broken);
  }
}

/**
 * An array of large strings (email HTML and bodies) as one statement parameter, for `unnest(…)`:
 * `${textArray(values)}` in place of `${values}::text[]`. pg sends an array parameter as an array
 * literal built in JavaScript, two regex replaces and a copy per element, which for a batch of
 * emails was a seventh of the workers' allocations (bench:pipeline); as one JSON document the
 * escaping is JSON.stringify's native code, and PostgreSQL unpacks it in order. Nulls stay null.
 */
export function textArray(values: readonly (string | null)[]): Prisma.Sql {
  return Prisma.sql`ARRAY(SELECT e.value FROM json_array_elements_text(${JSON.stringify(values)}::json)
    WITH ORDINALITY AS e(value, n) ORDER BY e.n)`;
}

/** textArray for JSON values: a jsonb[] of the values (each serialised once, not twice). */
export function jsonbArray(values: readonly unknown[]): Prisma.Sql {
  return Prisma.sql`ARRAY(SELECT e.value::jsonb FROM json_array_elements(${JSON.stringify(values)}::json)
    WITH ORDINALITY AS e(value, n) ORDER BY e.n)`;
}
