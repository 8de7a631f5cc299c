import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ignore from "@balena/dockerignore";
import { validate } from "dockerfile-utils";
import { beforeAll, describe, expect, it } from "vitest";
import { DOCKERFILE, effectiveInstructions, readStages, stage } from "./dockerfile-stages";

// Issue 17 item 4: the Dockerfile is linted, and the runtime images hold build output only, with no
// dev dependency. There is no Docker engine here, so what each stage installs and copies is read from
// the Dockerfile itself (dockerfile-ast) and the folders it copies are built and checked natively.

const ROOT = path.resolve(import.meta.dirname, "..");
const RUNTIME_STAGES = ["web", "workers", "cron"] as const;
const stages = readStages();

describe("Dockerfile", () => {
  it("passes dockerfile-utils' lint with no problem at all", () => {
    const problems = validate(readFileSync(DOCKERFILE, "utf8")).map(
      (d) => `line ${d.range.start.line + 1}: ${d.message}`,
    );
    expect(problems).toEqual([]);
  });

  it("the lint does find problems (it is not silently passing everything)", () => {
    const broken = 'FROM node:20\nCMD ["a"]\nCMD ["b"]\nEXPOSE port\n';
    expect(validate(broken).map((d) => d.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/only be one CMD/), expect.stringMatching(/port/)]),
    );
  });

  it("has the four targets, and each runtime runs as the non-root node user with a health check", () => {
    expect(stages.map((s) => s.name)).toEqual(expect.arrayContaining(["web", "workers", "cron", "migrate"]));
    for (const name of RUNTIME_STAGES) {
      const instructions = effectiveInstructions(stages, name);
      expect(instructions.findLast((i) => i.keyword === "USER")?.text, name).toBe("node");
      const health = instructions.findLast((i) => i.keyword === "HEALTHCHECK");
      expect(health?.text, name).toMatch(/^CMD \["node", "-e", .*\/health/);
      expect(health?.flags, name).toMatchObject({ interval: "30s", timeout: "5s" });
    }
    expect(effectiveInstructions(stages, "migrate").findLast((i) => i.keyword === "USER")?.text).toBe("node");
  });

  it("runtime stages install nothing: they start from the base image and copy build output only", () => {
    const allowed: Record<(typeof RUNTIME_STAGES)[number], string[]> = {
      web: ["/app/.next/standalone ./", "/app/.next/static ./.next/static", "/app/public ./public"],
      workers: ["/app/dist/workers-image ./"],
      cron: [],
    };
    for (const name of RUNTIME_STAGES) {
      const own = stage(stages, name);
      expect(["base", "workers"], name).toContain(own.base);
      expect(
        own.instructions.filter((i) => i.keyword === "RUN"),
        name,
      ).toEqual([]);
      const copies = own.instructions.filter((i) => i.keyword === "COPY" || i.keyword === "ADD");
      expect(
        copies.map((c) => c.text),
        name,
      ).toEqual(allowed[name]);
      for (const copy of copies) expect(copy.flags.from, `${name}: ${copy.text}`).toMatch(/-build$/);
    }
    expect(stage(stages, "cron").base).toBe("workers");
    // What the build stages produce: the standalone server and the traced worker folder.
    expect(stage(stages, "web-build").instructions.map((i) => i.text)).toEqual(
      expect.arrayContaining(["NEXT_OUTPUT_STANDALONE=1", "npm run build"]),
    );
    expect(stage(stages, "workers-build").instructions.map((i) => i.text)).toContain("npm run build:workers");
  });
});

describe("the workers and cron images' files (npm run build:workers → dist/workers-image)", () => {
  const image = path.join(ROOT, "dist", "workers-image");

  beforeAll(() => {
    // As the Dockerfile's workers-build stage does.
    execFileSync("npm", ["run", "build:workers"], { cwd: ROOT, stdio: "pipe", timeout: 120_000 });
  }, 150_000);

  /** Every package folder under node_modules (scoped ones as @scope/name), nested ones included. */
  function packagesIn(dir: string, prefix = "node_modules"): string[] {
    const root = path.join(dir, prefix);
    if (!existsSync(root)) return [];
    const found: string[] = [];
    for (const entry of readdirSync(root)) {
      const names = entry.startsWith("@")
        ? readdirSync(path.join(root, entry)).map((n) => `${entry}/${n}`)
        : [entry];
      for (const name of names) {
        const at = `${prefix}/${name}`;
        found.push(at, ...packagesIn(dir, `${at}/node_modules`));
      }
    }
    return found;
  }

  it("hold no dev dependency: every package is one the lockfile installs for production", () => {
    const lock = JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
      packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
    };
    const installed = packagesIn(image);
    expect(installed.length).toBeGreaterThan(20);
    const devOnly = installed.filter((p) => {
      const entry = lock.packages[p];
      return !entry || entry.dev === true || entry.devOptional === true;
    });
    expect(devOnly).toEqual([]);
    // Nor anything of the web app: the workers never load Next.js or React.
    for (const name of ["next", "react", "react-dom", "@clerk/nextjs", "typescript", "prisma", "tsx"]) {
      expect(installed, name).not.toContain(`node_modules/${name}`);
    }
  });

  it("load every module with plain node and nothing else installed (copied out of the checkout)", () => {
    // Outside the repository node cannot fall back on its node_modules: a package the trace missed
    // fails here. Production without configuration stops right after loading, naming what is missing.
    const copy = mkdtempSync(path.join(tmpdir(), "dripr-workers-image-"));
    try {
      cpSync(image, copy, { recursive: true });
      for (const entry of ["supervisor", "index", "cron"]) {
        const result = spawnSync(
          process.execPath,
          ["--conditions=react-server", `dist/workers/${entry}.mjs`],
          {
            cwd: copy,
            env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", LOG_LEVEL: "silent" },
            encoding: "utf8",
            timeout: 30_000,
          },
        );
        expect(result.stderr, entry).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find module/);
        expect(result.stderr, entry).toContain("Invalid production configuration:");
        expect(result.status, entry).toBe(1);
      }
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 60_000);
});

describe(".dockerignore", () => {
  const rules = ignore().add(readFileSync(path.join(ROOT, ".dockerignore"), "utf8"));
  const tracked = execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" })
    .split("\n")
    .filter(Boolean);
  const context = new Set(rules.filter(tracked));

  it("keeps local data, secrets, tests and tooling out of the build context", () => {
    for (const file of [
      ".env",
      ".env.production",
      ".data/postgres/PG_VERSION",
      "node_modules/next/package.json",
      ".git/HEAD",
      "dist/workers/index.mjs",
      "lib/env.test.ts",
      "test/setup-db.ts",
      "e2e/landing.spec.ts",
      "deploy/lightsail/web.containers.json",
      "scripts/smoke/smoke-production.ts",
    ]) {
      expect(rules.ignores(file), file).toBe(true);
    }
    for (const file of ["package.json", "package-lock.json", "prisma/schema.prisma", "scripts/prisma.mjs"]) {
      expect(context.has(file), file).toBe(true);
    }
  });

  it("every source in the context finds what it imports in the context (the build would fail otherwise)", () => {
    const missing: string[] = [];
    for (const file of context) {
      if (!/\.(ts|tsx|mjs)$/.test(file)) continue;
      const source = readFileSync(path.join(ROOT, file), "utf8");
      // Import statements at the start of a line, and dynamic imports (not comments quoting one).
      const imports = source.matchAll(
        /(?:^(?:import|export)\b[^"';]*?from\s*|^import\s*|\bimport\(\s*)"((?:@\/|\.\.?\/)[^"]+)"/gm,
      );
      for (const match of imports) {
        const specifier = match[1] ?? "";
        if (specifier.startsWith("@/lib/generated/")) continue; // generated by npm ci's postinstall
        const target = specifier.startsWith("@/")
          ? specifier.slice(2)
          : path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
        const candidates = [target, `${target}.ts`, `${target}.tsx`, `${target}/index.ts`];
        if (!candidates.some((c) => context.has(c))) missing.push(`${file} → ${specifier}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
