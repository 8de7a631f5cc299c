import { describe, expect, it } from "vitest";
import { runExclusive } from "@/lib/cron/run-exclusive";
import { getConfig } from "@/lib/env";

describe("runExclusive", () => {
  it("never runs the same job twice at once, and runs it again once it finished", async () => {
    const url = getConfig().databaseUrl;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let runs = 0;
    const first = runExclusive(url, "test-job", async () => {
      runs++;
      await gate;
    });
    // Give the first call time to take the lock.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await runExclusive(url, "test-job", async () => void runs++)).toBe(false);
    expect(await runExclusive(url, "another-job", async () => void runs++)).toBe(true);
    release();
    expect(await first).toBe(true);
    expect(await runExclusive(url, "test-job", async () => void runs++)).toBe(true);
    expect(runs).toBe(3);
  });
});
