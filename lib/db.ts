import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { getConfig } from "@/lib/env";
import { type Prisma, PrismaClient } from "@/lib/generated/prisma/client";

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
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(client, pool);
  return client;
}

export function getDb(): PrismaClient {
  globalForDb.drprDb ??= createDbClient(getConfig().databaseUrl);
  return globalForDb.drprDb;
}

export async function disconnectDb(): Promise<void> {
  await globalForDb.drprDb?.$disconnect();
  globalForDb.drprDb = undefined;
}

type RawClient = Pick<Prisma.TransactionClient, "$queryRaw">;

/**
 * One raw statement (a `Prisma.sql` query) for the workers' hot paths. On a client, it goes straight
 * to the client's pool: Prisma's raw-query path costs several times the driver's CPU per statement,
 * more with array parameters (a 10-row unnest: ~0.9 ms against ~0.24 ms, measured here). Inside a
 * transaction (a transaction client), it goes through the transaction. Rows come as the driver
 * returns them: bigint columns are strings, timestamps and dates Dates; `SELECT *` of a model's table
 * gives its Prisma type for models without Decimal, BigInt or Bytes fields.
 */
export async function queryRows<T>(db: RawClient, query: Prisma.Sql): Promise<T[]> {
  const pool = pools.get(db);
  if (!pool) return db.$queryRaw<T[]>(query);
  const result = await pool.query(query.text, query.values);
  return result.rows as T[];
}
