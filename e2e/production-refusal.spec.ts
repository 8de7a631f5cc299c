import { spawnSync } from "node:child_process";
import { expect, test } from "@playwright/test";

// The production build (the one the other specs use) never serves password-less local sign-in to a
// network: started in local mode with a public APP_URL, it refuses to start (DESIGN.md §9).

function startBuild(env: Record<string, string>) {
  return spawnSync(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-p", "3102", "-H", "127.0.0.1"],
    {
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env },
      encoding: "utf8",
      timeout: 60_000,
    },
  );
}

test("DRIPR_MODE=local with a public APP_URL: the production build refuses to start and says why", () => {
  const result = startBuild({
    DRIPR_MODE: "local",
    APP_URL: "https://app.example.com",
    DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:54349/dripr_e2e",
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain(
    "DRIPR_MODE=local is refused in a production build when APP_URL is not a loopback address (got https://app.example.com)",
  );
});

test("production mode with the committed development secrets refuses to start and names them", () => {
  const result = startBuild({
    DRIPR_MODE: "production",
    APP_URL: "https://app.example.com",
    APPROVAL_TOKEN_SECRET: "dripr-local-development-link-signing-secret",
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("APPROVAL_TOKEN_SECRET is the committed development value");
  expect(result.stderr).toContain("CLERK_SECRET_KEY is missing");
});
