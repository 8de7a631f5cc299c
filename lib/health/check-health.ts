import "server-only";
import { ListQueuesCommand } from "@aws-sdk/client-sqs";
import { createSqsClient } from "@/lib/clients/aws/sqs-client";
import { getDb } from "@/lib/db";
import { getConfig } from "@/lib/env";

export type CheckResult = { ok: boolean; latencyMs: number; error?: string };
export type HealthReport = {
  status: "ok" | "degraded";
  mode: string;
  checks: { database: CheckResult; queue: CheckResult };
};

const TIMEOUT_MS = 2_000;

async function timed(check: (signal: AbortSignal) => Promise<unknown>): Promise<CheckResult> {
  const started = performance.now();
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  try {
    await Promise.race([
      check(signal),
      new Promise((_, reject) =>
        signal.addEventListener("abort", () => reject(new Error(`timed out after ${TIMEOUT_MS} ms`))),
      ),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      ok: false,
      latencyMs: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Database and queue reachability, for load balancers and the engineer on call. */
export async function checkHealth(): Promise<HealthReport> {
  const config = getConfig();
  const sqs = createSqsClient(config.aws);
  try {
    const [database, queue] = await Promise.all([
      timed(() => getDb().$queryRaw`SELECT 1`),
      timed((abortSignal) => sqs.send(new ListQueuesCommand({ MaxResults: 1 }), { abortSignal })),
    ]);
    return {
      status: database.ok && queue.ok ? "ok" : "degraded",
      mode: config.mode,
      checks: { database, queue },
    };
  } finally {
    sqs.destroy();
  }
}

/**
 * What `/api/health` tells the world. Anyone may call it, so in production it says only whether each
 * part is reachable: the reasons (hosts, driver messages) go to the log, for the engineer on call.
 * Locally the whole report helps whoever runs `npm run dev`.
 */
export function publicHealthReport(report: HealthReport, production: boolean) {
  if (!production) return report;
  return {
    status: report.status,
    checks: { database: { ok: report.checks.database.ok }, queue: { ok: report.checks.queue.ok } },
  };
}
