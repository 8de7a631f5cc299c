import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// The real entrypoint in a child process: production must refuse to start and name what is missing.
function runWorkers(
  env: Record<string, string> & { NODE_ENV: "production" },
  entry = ["--import", "tsx", "workers/index.ts"],
) {
  return spawnSync(process.execPath, ["--conditions=react-server", ...entry], {
    // Only what is given: the test's own environment (DATABASE_URL…) must not leak in.
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "silent", ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
}

describe("workers start-up configuration", () => {
  it("production without secrets exits 1 and lists every missing variable", () => {
    const result = runWorkers({ NODE_ENV: "production" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Invalid production configuration:");
    for (const name of [
      "DATABASE_URL",
      "CLERK_SECRET_KEY",
      "POSTMARK_SERVER_TOKEN",
      "RENTCAST_API_KEY",
      "BEDROCK_MODEL_ID",
    ]) {
      expect(result.stderr).toContain(`${name} is missing`);
    }
  });

  it("the supervisor refuses a bad WORKER_PROCESSES before starting any process", () => {
    const result = runWorkers({ NODE_ENV: "production", WORKER_PROCESSES: "many" }, [
      "--import",
      "tsx",
      "workers/supervisor.ts",
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'WORKER_PROCESSES must be auto or a whole number from 1 to 64 (got "many")',
    );
  });

  it("production refuses the local emulator even with a database", () => {
    const result = runWorkers({
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://db.internal/dripr",
      AWS_ENDPOINT_URL: "http://127.0.0.1:54331",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("AWS_ENDPOINT_URL must not be set in production");
  });
});
