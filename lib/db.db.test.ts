import { describe, expect, it } from "vitest";
import { closeDbClient, createDbClient, getDb, queryRows, rawTransaction } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { createTestAgent } from "@/test/factories/agent";

describe("rawTransaction", () => {
  it("commits every statement of the work together", async () => {
    const db = getDb();
    const agent = await createTestAgent(db);
    const result = await rawTransaction(db, async (tx) => {
      await queryRows(tx, Prisma.sql`UPDATE "User" SET "firstName" = 'Ana' WHERE id = ${agent.id}::uuid`);
      const [row] = await queryRows<{ firstName: string }>(
        tx,
        Prisma.sql`SELECT "firstName" FROM "User" WHERE id = ${agent.id}::uuid`,
      );
      return row?.firstName;
    });
    expect(result).toBe("Ana");
    expect((await db.user.findUniqueOrThrow({ where: { id: agent.id } })).firstName).toBe("Ana");
  });

  it("rolls back everything when the work fails, and the pool stays usable", async () => {
    const db = getDb();
    const agent = await createTestAgent(db, { firstName: "Bea" });
    await expect(
      rawTransaction(db, async (tx) => {
        await queryRows(
          tx,
          Prisma.sql`UPDATE "User" SET "firstName" = 'Changed' WHERE id = ${agent.id}::uuid`,
        );
        await queryRows(tx, Prisma.sql`SELECT 1 / 0`);
      }),
    ).rejects.toThrow(/division by zero/);
    expect((await db.user.findUniqueOrThrow({ where: { id: agent.id } })).firstName).toBe("Bea");
    // Each of these takes a pool connection: a leaked or broken one would hang or fail them.
    const counts = await Promise.all(
      Array.from({ length: 20 }, () =>
        rawTransaction(db, (tx) => queryRows<{ n: number }>(tx, Prisma.sql`SELECT 1 AS n`)),
      ),
    );
    expect(counts.flat().map((row) => row.n)).toEqual(Array(20).fill(1));
  });

  it("holds its row locks until it ends: another transaction skips the locked row", async () => {
    const db = getDb();
    const agent = await createTestAgent(db);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const locking = rawTransaction(db, async (tx) => {
      await queryRows(tx, Prisma.sql`SELECT id FROM "User" WHERE id = ${agent.id}::uuid FOR UPDATE`);
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const seen = await rawTransaction(db, (tx) =>
      queryRows(tx, Prisma.sql`SELECT id FROM "User" WHERE id = ${agent.id}::uuid FOR UPDATE SKIP LOCKED`),
    );
    expect(seen).toEqual([]);
    release();
    await locking;
    const after = await rawTransaction(db, (tx) =>
      queryRows(tx, Prisma.sql`SELECT id FROM "User" WHERE id = ${agent.id}::uuid FOR UPDATE SKIP LOCKED`),
    );
    expect(after).toHaveLength(1);
  });
});

describe("createDbClient's pool", () => {
  it("survives an idle connection closed by the server, and reconnects", async () => {
    const db = createDbClient(process.env.DATABASE_URL ?? "");
    try {
      const [{ pid }] = (await queryRows<{ pid: number }>(
        db,
        Prisma.sql`SELECT pg_backend_pid() AS pid`,
      )) as [{ pid: number }];
      // As a restart or a failover does: the server ends the pool's idle connection. Without an
      // 'error' listener on the pool this would end the test process.
      await queryRows(getDb(), Prisma.sql`SELECT pg_terminate_backend(${pid}::int)`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const [again] = await queryRows<{ pid: number }>(db, Prisma.sql`SELECT pg_backend_pid() AS pid`);
      expect(again?.pid).not.toBe(pid);
    } finally {
      await closeDbClient(db);
    }
  });

  it("closeDbClient ends the pool even when Prisma itself never connected", async () => {
    const db = createDbClient(process.env.DATABASE_URL ?? "");
    await queryRows(db, Prisma.sql`SELECT 1`);
    await closeDbClient(db);
    await expect(queryRows(db, Prisma.sql`SELECT 1`)).rejects.toThrow(/pool after calling end/);
  });
});
