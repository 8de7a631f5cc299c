import { getConfig } from "@/lib/env";
import { checkHealth, publicHealthReport } from "@/lib/health/check-health";
import { logger } from "@/lib/logger";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkHealth();
  if (report.status !== "ok") logger.warn({ checks: report.checks }, "health check degraded");
  return Response.json(publicHealthReport(report, getConfig().mode === "production"), {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
