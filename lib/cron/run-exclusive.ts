import { createHash } from "node:crypto";
import pg from "pg";

/**
 * Runs `job` only if no other process is running the job of the same name: a PostgreSQL session
 * advisory lock, held on a dedicated connection for the job's duration and released when it ends
 * (or when the process dies and its connection closes, so a crash never leaves the job locked).
 * Returns false without running when another process holds the lock.
 */
export async function runExclusive(
  databaseUrl: string,
  name: string,
  job: () => Promise<void>,
): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const key = lockKey(name);
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
      key,
    ]);
    if (!rows[0]?.locked) return false;
    try {
      await job();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [key]);
    }
    return true;
  } finally {
    await client.end();
  }
}

/** A stable 63-bit key per job name (advisory locks take a bigint). */
export function lockKey(name: string): string {
  const digest = createHash("sha256").update(`dripr-cron:${name}`).digest();
  return (digest.readBigInt64BE(0) & 0x7fffffffffffffffn).toString();
}
