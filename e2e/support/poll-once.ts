import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { BILLING_ENV } from "./billing-e2e";

/**
 * One tick of the campaign poller (the workers' `poller` role: pollCampaigns) on the billing
 * database, with the billing app's configuration, as a process of its own: the e2e stack runs no
 * workers, and lib/ needs the `react-server` condition outside Next.js. The tick's counts.
 */
export async function pollOnceWithBilling(): Promise<Record<string, number>> {
  const root = path.resolve(import.meta.dirname, "../..");
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", "e2e/support/poll-once-main.ts"],
    {
      cwd: root,
      env: {
        ...process.env,
        DRIPR_MODE: "local",
        LOG_LEVEL: "warn",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        ...BILLING_ENV,
      },
      timeout: 60_000,
    },
  );
  const last = stdout.trim().split("\n").at(-1) ?? "{}";
  return JSON.parse(last) as Record<string, number>;
}
