import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { FRED_KEY, startFredServer } from "@/test/vendors/fred-server";
import type { VendorServer } from "@/test/vendors/vendor-server";

// Issue 15 #10: `npm run dev` had no mortgage rates until the cron job ran (locally, never), so local
// emails lacked the rates section. scripts/dev.ts now runs this script at every start.

const WEEKS = ["2026-11-26", "2026-11-19", "2026-11-12", "2026-11-05"];
let fred: VendorServer;

beforeAll(async () => {
  fred = await startFredServer({
    MORTGAGE30US: WEEKS.map((date, i) => ({ date, value: (6.21 + i * 0.03).toFixed(2) })),
    MORTGAGE15US: WEEKS.map((date, i) => ({ date, value: (5.41 + i * 0.03).toFixed(2) })),
  });
});
afterAll(async () => {
  await fred?.close();
});

function run(extraEnv: Record<string, string>) {
  const env: NodeJS.ProcessEnv = { ...process.env, DRIPR_MODE: "local", LOG_LEVEL: "warn", ...extraEnv };
  if (!extraEnv.FRED_API_KEY) delete env.FRED_API_KEY;
  return promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", "scripts/refresh-mortgage-rates.ts"],
    { env },
  );
}

describe("npm run rates:refresh (run by npm run dev at start-up)", () => {
  it("stores sample rates without FRED_API_KEY, once however often it runs", {
    timeout: 60_000,
  }, async () => {
    await run({});
    await run({});
    const rows = await getDb().mortgageRate.groupBy({ by: ["series", "source"], _count: true });
    expect(rows.map((r) => [r.series, r.source, r._count]).sort()).toEqual([
      ["MORTGAGE15US", "sample", 8],
      ["MORTGAGE30US", "sample", 8],
    ]);
  });

  it("stores FRED's rates when FRED is configured", { timeout: 60_000 }, async () => {
    const { stderr } = await run({ FRED_API_KEY: FRED_KEY, FRED_BASE_URL: fred.url });
    expect(stderr).toBe("");
    const latest = await getDb().mortgageRate.findUniqueOrThrow({
      where: { series_weekOf: { series: "MORTGAGE30US", weekOf: new Date("2026-11-26T00:00:00Z") } },
    });
    expect(latest).toMatchObject({ ratePercent: 6.21, source: "fred" });
  });
});
