import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // `@/*` from tsconfig.json (built into Vite 8).
    tsconfigPaths: true,
    alias: {
      // The real module throws outside a React Server Components bundle.
      "server-only": fileURLToPath(new URL("./node_modules/server-only/empty.js", import.meta.url)),
    },
  },
  test: {
    environment: "node",
    include: ["**/*.test.ts", "**/*.test.tsx"],
    // Playwright specs live in e2e/ (and are *.spec.ts anyway).
    exclude: ["e2e/**", "**/node_modules/**", ".next/**", ".data/**", "lib/generated/**"],
    // One PostgreSQL server and a migrated template per run; a database per *.db.test.ts file.
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup-db.ts"],
    maxWorkers: process.env.CI ? 2 : undefined,
    // Database, emulator and child-process tests need more than the 5 s default on a busy 2-core box.
    testTimeout: 30_000,
  },
});
