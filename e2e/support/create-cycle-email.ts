import { createPipelineDeps } from "@/lib/campaigns/create-pipeline-deps";
import { disconnectDb, getDb } from "@/lib/db";
import { createCycleEmail } from "@/lib/emails/create-cycle-email";
import { getConfig } from "@/lib/env";
import { logger } from "@/lib/logger";

/**
 * The email-creation consumer's work for one campaign and cycle, for the browser tests (the e2e stack
 * runs no workers): renders the email from the cycle's artifacts, stores its HTML in the e2e
 * emulator's bucket and records it, as the worker would. Configuration comes from the environment
 * (the e2e database and emulator); the clock is an argument, so the test does not depend on today.
 *
 *   node --import tsx --conditions=react-server e2e/support/create-cycle-email.ts <campaignId> <cycle> <now ISO>
 * (`react-server` makes `server-only`, imported by lib/db, a no-op outside Next.js.)
 */

const [campaignId, cycle, now] = process.argv.slice(2);
if (!campaignId || !cycle || !now)
  throw new Error("usage: create-cycle-email.ts <campaignId> <cycle> <now ISO>");
const clock = new Date(now);
const deps = { ...createPipelineDeps(getConfig(), getDb(), logger), now: () => clock };
try {
  console.log(await createCycleEmail(deps, { campaignId, cycle: Number(cycle) }));
} finally {
  deps.s3.destroy();
  await disconnectDb();
}
