import { disconnectDb, getDb } from "@/lib/db";
import { seedDemoAgent } from "@/lib/demo/seed-demo-agent";

/**
 * Seeds the local demo agents into the database at DATABASE_URL, once (see lib/demo/seed-demo-agent.ts).
 * `npm run dev` runs it on every start; to run it alone:
 *   DATABASE_URL=postgresql://… node --import tsx --conditions=react-server scripts/seed.ts
 */

try {
  for (const result of await seedDemoAgent(getDb())) {
    console.log(
      result.created
        ? `seeded ${result.email} (${result.clerkUserId}) with ${result.campaigns} sample campaigns`
        : `${result.email} (${result.clerkUserId}) already exists; left unchanged`,
    );
  }
} catch (error) {
  console.error(`seeding failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await disconnectDb();
}
