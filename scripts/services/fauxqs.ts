import { parseArgs } from "node:util";
import { type FauxqsServer, startFauxqs } from "fauxqs";

/**
 * The SNS/SQS/S3 emulator (fauxqs, in memory) as its own process, so Next's reloads keep its queues.
 * Prints "ready: <url>" once it listens. A restart loses messages; the outbox and the poller recover.
 *   node --import tsx scripts/services/fauxqs.ts --port 54331
 */

const { values } = parseArgs({ options: { port: { type: "string", default: "54331" } } });

let server: FauxqsServer | undefined;
let stopping = false;

async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`stopping fauxqs (${signal})`);
  await server?.stop();
  process.exit(0);
}
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(signal, stop);

try {
  server = await startFauxqs({ port: Number(values.port), logger: false });
  console.log(`ready: http://127.0.0.1:${server.port}`);
} catch (error) {
  console.error(`fauxqs did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
