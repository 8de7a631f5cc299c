import { describe, expect, it } from "vitest";
import { type HealthReport, publicHealthReport } from "@/lib/health/check-health";

const degraded: HealthReport = {
  status: "degraded",
  mode: "production",
  checks: {
    database: { ok: false, latencyMs: 2000, error: "connect ECONNREFUSED 10.0.3.7:5432" },
    queue: { ok: true, latencyMs: 12 },
  },
};

describe("the public health report", () => {
  it("in production says what is down, not why (no hosts, no driver messages)", () => {
    const body = publicHealthReport(degraded, true);
    expect(body).toEqual({ status: "degraded", checks: { database: { ok: false }, queue: { ok: true } } });
    expect(JSON.stringify(body)).not.toContain("10.0.3.7");
  });

  it("locally keeps the whole report for whoever runs the app", () => {
    expect(publicHealthReport(degraded, false)).toEqual(degraded);
  });
});
