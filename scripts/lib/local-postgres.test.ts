import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { type LocalPostgres, relocatedDataDir, startLocalPostgres } from "./local-postgres";

// Issue 18: as root, with the checkout in a directory only root may enter (a clone in /root, mode
// 700), PostgreSQL (run as the `postgres` user) could reach neither the binaries nor the data
// directory, and initdb failed with EACCES. Only root can be in that situation.
const PORT = 54399;

describe.runIf(process.getuid?.() === 0)("as root, a data directory the postgres user cannot reach", () => {
  const home = mkdtempSync(path.join(tmpdir(), "dripr-root-only-"));
  chmodSync(home, 0o700);
  const dataDir = path.join(home, ".data", "postgres");
  let server: LocalPostgres | undefined;

  afterAll(async () => {
    await server?.stop();
    rmSync(relocatedDataDir(dataDir), { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  async function query(sql: string): Promise<pg.QueryResult> {
    const client = new pg.Client({ connectionString: server?.url("roottest") });
    await client.connect();
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  }

  it("runs PostgreSQL with the data moved where that user can reach it, kept between starts, emptied by `fresh`", async () => {
    server = await startLocalPostgres({ dataDir, port: PORT, fresh: true });
    await server.ensureDatabase("roottest");
    await query("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
    expect(existsSync(path.join(relocatedDataDir(dataDir), "PG_VERSION"))).toBe(true);
    expect(existsSync(dataDir)).toBe(false);
    await server.stop();

    server = await startLocalPostgres({ dataDir, port: PORT });
    expect((await query("SELECT v FROM kept")).rows).toEqual([{ v: "still here" }]);
    await server.stop();

    server = await startLocalPostgres({ dataDir, port: PORT, fresh: true });
    await server.ensureDatabase("roottest");
    await expect(query("SELECT v FROM kept")).rejects.toThrow(/does not exist/);
    await server.stop();
    server = undefined;
  }, 120_000);
});
