import { pollCampaigns } from "@/lib/campaigns/poller/poll-campaigns";
import { closeDbClient, createDbClient } from "@/lib/db";
import { getConfig } from "@/lib/env";
import { logger } from "@/lib/logger";

// One poller tick as the workers run it (workers/index.ts), configured from the environment;
// prints its counts as the last line of JSON. Started by poll-once.ts.
const config = getConfig();
const db = createDbClient(config.databaseUrl);
try {
  const { ms: _, ...counts } = await pollCampaigns({
    db,
    now: new Date(),
    clock: () => new Date(),
    pipeline: config.pipeline,
    billing: config.billing,
    batchSize: 500,
    log: logger,
  });
  console.log(JSON.stringify(counts));
} finally {
  await closeDbClient(db);
}
