import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/test/pipeline/child-processes";
import {
  type ChildHandle,
  type PipelineHarness,
  readText,
  sleep,
  startPipelineHarness,
} from "@/test/pipeline/pipeline-harness";

/**
 * The workers container's supervisor (workers/supervisor.ts) as the image runs it: two worker
 * processes sharing one health port, the first with the poller and relay, a dead one replaced, and
 * SIGTERM to the supervisor alone draining both.
 */

type HealthReport = { ok: boolean; pid: number; roles: string[]; consumers: string[] };

let harness: PipelineHarness;
let supervisor: ChildHandle;
let port: number;

beforeAll(async () => {
  harness = await startPipelineHarness({ name: "supervisor", stuckAfterMinutes: 0.5 });
  await harness.startEmulator();
  port = await freePort();
  supervisor = harness.startWorker(
    { WORKER_PROCESSES: "2", WORKERS_HEALTH_PORT: String(port), LOG_LEVEL: "info" },
    "workers/supervisor.ts",
  );
}, 180_000);

afterAll(async () => {
  await harness?.close();
}, 30_000);

/** GET /health on a new connection each time (cluster hands each connection to one process). */
function health(): Promise<HealthReport | undefined> {
  return new Promise((resolve) => {
    const request = http.get({ host: "127.0.0.1", port, path: "/health", agent: false }, (response) => {
      let body = "";
      response.on("data", (chunk) => {
        body += chunk;
      });
      response.on("end", () => resolve(response.statusCode === 200 ? JSON.parse(body) : undefined));
    });
    request.on("error", () => resolve(undefined));
    request.setTimeout(2_000, () => request.destroy());
  });
}

/** The processes answering on the health port, by pid, until `done` holds for them (or 60 s). */
async function processesUntil(
  done: (byPid: Map<number, HealthReport>) => boolean,
): Promise<Map<number, HealthReport>> {
  const byPid = new Map<number, HealthReport>();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const report = await health();
    if (report) byPid.set(report.pid, report);
    if (done(byPid)) return byPid;
    await sleep(100);
  }
  throw new Error(
    `health reports seen: ${JSON.stringify([...byPid.values()])}\nsupervisor log:\n${supervisor.logTail(40)}`,
  );
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("the workers supervisor with WORKER_PROCESSES=2", () => {
  let first: HealthReport;
  let second: HealthReport;

  it("runs two processes on one health port; only the first runs the poller and relay", async () => {
    const byPid = await processesUntil((seen) => seen.size >= 2);
    expect(byPid.size).toBe(2);
    const reports = [...byPid.values()];
    expect(reports.every((r) => r.ok)).toBe(true);
    const withPoller = reports.filter((r) => r.roles.includes("poller"));
    expect(withPoller).toHaveLength(1);
    [first] = withPoller as [HealthReport];
    [second] = reports.filter((r) => r !== first) as [HealthReport];
    expect(first.roles).toEqual(["data", "ai", "email", "poller", "relay"]);
    expect(second.roles).toEqual(["data", "ai", "email"]);
    expect(second.consumers).toEqual(first.consumers);
  }, 90_000);

  it("takes campaigns through a whole cycle, one email each", async () => {
    const agents = await harness.seedAgents(4);
    const ids = (await harness.seedDueCampaigns(agents, 60)).map((c) => c.id);
    await harness.waitForCycleCompleted(ids, 60_000);
    const emails = await harness.db.email.findMany({
      where: { campaignId: { in: ids } },
      select: { id: true },
    });
    const sent = await harness.db.localOutboxMessage.findMany({
      where: { kind: "homeowner", emailId: { in: emails.map((e) => e.id) } },
      select: { emailId: true },
    });
    expect(sent).toHaveLength(60);
    expect(new Set(sent.map((m) => m.emailId)).size).toBe(60);
  }, 90_000);

  it("replaces a process that dies, with the same roles", async () => {
    process.kill(second.pid, "SIGKILL");
    const byPid = await processesUntil((seen) =>
      [...seen.values()].some((r) => r.pid !== second.pid && r.pid !== first.pid),
    );
    const replacement = [...byPid.values()].find((r) => r.pid !== second.pid && r.pid !== first.pid);
    expect(replacement?.roles).toEqual(["data", "ai", "email"]);
    expect(isAlive(second.pid)).toBe(false);
    const exitLine = readText(supervisor.logFile)
      .split("\n")
      .find((line) => line.includes("worker process exited; starting a replacement"));
    expect(JSON.parse(exitLine ?? "{}")).toMatchObject({
      level: "error",
      pid: second.pid,
      signal: "SIGKILL",
    });
    if (replacement) second = replacement;
  }, 90_000);

  it("SIGTERM to the supervisor alone drains both processes, then it exits 0", async () => {
    process.kill(supervisor.pid, "SIGTERM");
    const exit = await Promise.race([supervisor.exited, sleep(45_000).then(() => undefined)]);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(isAlive(first.pid)).toBe(false);
    expect(isAlive(second.pid)).toBe(false);
    const log = readText(supervisor.logFile);
    expect(log.match(/"msg":"workers stopped"/g)).toHaveLength(2);
    expect(log).toContain('"clean":true');
  }, 60_000);
});
