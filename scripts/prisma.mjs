#!/usr/bin/env node
// Runs the project's Prisma CLI with the offline schema engine shim:
//   node scripts/prisma.mjs migrate deploy
// The CLI would otherwise try to download its native schema engine, which these machines cannot
// reach. A PRISMA_SCHEMA_ENGINE_BINARY set by the user (a native engine) is left untouched.
// Exits with the CLI's exit code (e.g. 2 from `migrate diff --exit-code` when there is drift).

import { spawn } from "node:child_process";
import { constants } from "node:os";
import { fileURLToPath } from "node:url";

const shim = fileURLToPath(new URL("./prisma-engine/schema-engine.mjs", import.meta.url));
const cli = fileURLToPath(new URL("../node_modules/prisma/build/index.js", import.meta.url));

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = shim;

const child = spawn(process.execPath, [cli, ...process.argv.slice(2)], { stdio: "inherit", env });

// Ctrl-C reaches the whole foreground process group already; a SIGTERM aimed at this wrapper alone
// (e.g. from a launcher) is passed on so the CLI and its engine stop too.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => child.kill(signal));
}
child.on("error", (error) => {
  console.error(`Could not start the Prisma CLI (${cli}): ${error.message}`);
  process.exit(1);
});
child.on("exit", (code, signal) => {
  process.exit(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1));
});
