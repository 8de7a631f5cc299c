import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { getConfig } from "@/lib/env";
import { type Prisma, PrismaClient } from "@/lib/generated/prisma/client";

/** The only Prisma client. Created on first use; reused across hot reloads in development. */
const globalForDb = globalThis as unknown as { drprDb?: PrismaClient };

/** Each client's connection pool, shared with queryRows. */
const pools = new WeakMap<object, pg.Pool>();

export function createDbClient(databaseUrl: string): PrismaClient {
  const pool = new pg.Pool({ connectionString: databaseUrl });
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
 * returns them: bigint columns are strings, timestamps Dates.
 */
export async function queryRows<T>(db: RawClient, query: Prisma.Sql): Promise<T[]> {
  const pool = pools.get(db);
  if (!pool) return db.$queryRaw<T[]>(query);
  const result = await pool.query(query.text, query.values);
  return result.rows as T[];
}
