import { describe, expect, it } from "vitest";
import { WORKER_ROLES } from "@/lib/env-types";
import { planWorkerProcesses } from "@/workers/process-plan";

describe("planWorkerProcesses", () => {
  it("gives the first process every role and the others the queue consumers", () => {
    expect(planWorkerProcesses(3, WORKER_ROLES)).toEqual([
      ["data", "ai", "email", "poller", "relay"],
      ["data", "ai", "email"],
      ["data", "ai", "email"],
    ]);
  });

  it("runs one process with every role when asked for one", () => {
    expect(planWorkerProcesses(1, WORKER_ROLES)).toEqual([["data", "ai", "email", "poller", "relay"]]);
  });

  it("keeps a subset of roles as configured", () => {
    expect(planWorkerProcesses(2, ["email", "relay"])).toEqual([["email", "relay"], ["email"]]);
  });

  it("runs one process when only the poller and relay are configured", () => {
    expect(planWorkerProcesses(4, ["poller", "relay"])).toEqual([["poller", "relay"]]);
  });
});
