import { parseArgs } from "node:util";
import { DEFAULT_CLERK_TEST_SECRET_KEY, startClerkBackendServer } from "./clerk-server";

/**
 * Runs the Clerk Backend API wire server (clerk-server.ts) on its own, e.g. as a Playwright
 * webServer: `node --import tsx test/vendors/start-clerk-server.ts --port 54347 [--secret-key sk_…]`.
 * Point the app at it with CLERK_API_URL=http://127.0.0.1:54347 and the same CLERK_SECRET_KEY.
 * `GET /health` answers 200 once it listens. Stops on SIGINT/SIGTERM.
 */

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "54347" },
    host: { type: "string", default: "127.0.0.1" },
    "secret-key": { type: "string", default: DEFAULT_CLERK_TEST_SECRET_KEY },
  },
});

const server = await startClerkBackendServer({
  port: Number(values.port),
  host: values.host,
  secretKey: values["secret-key"],
});
console.log(`Clerk Backend API wire server listening on ${server.url}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
