import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { getConfig } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

/** The only Prisma client. Created on first use; reused across hot reloads in development. */
const globalForDb = globalThis as unknown as { drprDb?: PrismaClient };

export function createDbClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}

export function getDb(): PrismaClient {
  globalForDb.drprDb ??= createDbClient(getConfig().databaseUrl);
  return globalForDb.drprDb;
}

export async function disconnectDb(): Promise<void> {
  await globalForDb.drprDb?.$disconnect();
  globalForDb.drprDb = undefined;
}
