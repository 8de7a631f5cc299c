import { randomBytes } from "node:crypto";
import { afterAll, expect, inject } from "vitest";
import { createDatabase, dropDatabase } from "@/scripts/lib/test-databases";

/**
 * Runs before every test file. A `*.db.test.ts` file gets a fresh database copied from the migrated
 * template (≈ 0.1–0.4 s), and DATABASE_URL points at it before the file imports lib/db. Other test
 * files are left alone so they stay fast (and cannot reach a database by accident).
 */

const testPath = expect.getState().testPath ?? "";

if (testPath.endsWith(".db.test.ts")) {
  const { serverUrl, template, databasePrefix } = inject("testDatabase");
  const name = `${databasePrefix}${process.pid}_${randomBytes(4).toString("hex")}`;
  process.env.DATABASE_URL = await createDatabase(serverUrl, name, template);

  afterAll(async () => {
    // Close the file's Prisma pool first; WITH (FORCE) in the drop covers clients a test forgot.
    const { disconnectDb } = await import("@/lib/db");
    await disconnectDb();
    await dropDatabase(serverUrl, name);
  });
}
