import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { nodeFileTrace } from "@vercel/nft";
import { build } from "esbuild";

/**
 * Builds what the workers and cron images run (Dockerfile stages `workers` and `cron`):
 *
 * 1. `dist/workers/{index,supervisor,cron}.mjs`: the entrypoints bundled by esbuild (our code and the
 *    generated Prisma client inlined; npm packages left as imports).
 * 2. `dist/workers-image/`: those bundles plus exactly the files of `node_modules` they load, traced
 *    by @vercel/nft (the tracer Next.js uses for its standalone output). The image copies this folder
 *    and nothing else, so it holds no dev dependency and none of the web app's packages (Next.js,
 *    React), and no `npm install` runs in it.
 *
 *   node --import tsx scripts/build-workers.ts [--no-trace]
 *
 * `--no-trace` stops after step 1 (the benchmarks run the bundles from the checkout).
 */

const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, "dist", "workers");
const IMAGE = path.join(ROOT, "dist", "workers-image");
/** Imports that pg guards and never makes on Node (the native binding, Cloudflare's sockets). */
const OPTIONAL_IMPORTS = ["pg-native", "cloudflare:sockets"];
export const WORKER_ENTRYPOINTS = ["index", "supervisor", "cron"] as const;

async function bundle(): Promise<string[]> {
  rmSync(OUT, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: WORKER_ENTRYPOINTS.map((name) => `workers/${name}.ts`),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outdir: OUT,
    outExtension: { ".js": ".mjs" },
    logLevel: "warning",
  });
  return WORKER_ENTRYPOINTS.map((name) => path.join(OUT, `${name}.mjs`));
}

async function traceImage(entries: string[]): Promise<number> {
  // Resolve as the image's node does: --conditions=react-server (server-only becomes a no-op), and
  // Node ≥ 20.19 picks a package's "module-sync" export when require() loads it (nft's own check
  // leaves it out on Node 20, and `async-function` then went missing).
  const { fileList, warnings } = await nodeFileTrace(entries, {
    base: ROOT,
    conditions: ["react-server", "node", "module-sync"],
  });
  const problems = [...warnings].filter(
    (w) =>
      /Cannot find module|Failed to resolve/.test(w.message) &&
      !OPTIONAL_IMPORTS.some((name) => w.message.includes(`"${name}"`)),
  );
  if (problems.length > 0) {
    throw new Error(
      `tracing the worker bundles failed:\n${problems.map((w) => `  ${w.message}`).join("\n")}`,
    );
  }
  rmSync(IMAGE, { recursive: true, force: true });
  mkdirSync(IMAGE, { recursive: true });
  const devOnly = devOnlyPackages();
  const leftOut = new Set<string>();
  let files = 0;
  for (const file of fileList) {
    // Only the bundles and node_modules: nothing else of the checkout belongs in the image.
    if (!file.startsWith("node_modules/") && !file.startsWith("dist/workers/")) continue;
    // A package only a dev dependency brought (debug's optional `supports-color`, which it requires
    // inside a try) is not in a production install, so it is not in the image either.
    const owner = packageOf(file);
    if (owner && devOnly.has(owner)) {
      leftOut.add(owner);
      continue;
    }
    cpSync(path.join(ROOT, file), path.join(IMAGE, file), { dereference: true, recursive: true });
    files++;
  }
  if (leftOut.size > 0) console.log(`left out (dev-only, optional imports): ${[...leftOut].join(", ")}`);
  writeFileSync(
    path.join(IMAGE, "package.json"),
    `${JSON.stringify({ name: "dripr-workers", private: true, type: "module" }, null, 2)}\n`,
  );
  return files;
}

/** Lockfile paths (node_modules/…) of the packages only dev dependencies need. */
function devOnlyPackages(): Set<string> {
  const lock = JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
  };
  return new Set(
    Object.entries(lock.packages)
      .filter(([, entry]) => entry.dev === true || entry.devOptional === true)
      .map(([at]) => at),
  );
}

/** `node_modules/a/node_modules/@s/b/lib/x.js` → `node_modules/a/node_modules/@s/b`. */
function packageOf(file: string): string | undefined {
  const match = /^(?:node_modules\/(?:@[^/]+\/)?[^/]+\/)*node_modules\/(?:@[^/]+\/)?[^/]+/.exec(file);
  return match?.[0];
}

const entries = await bundle();
if (!process.argv.includes("--no-trace")) {
  const files = await traceImage(entries);
  console.log(`dist/workers-image: ${files} files (the bundles and the node_modules files they load)`);
}
