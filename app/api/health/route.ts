import { checkHealth } from "@/lib/health/check-health";
import { logger } from "@/lib/logger";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkHealth();
  if (report.status !== "ok") logger.warn({ checks: report.checks }, "health check degraded");
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
