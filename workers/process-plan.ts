import type { WorkerRole } from "@/lib/env-types";

/** Roles one process per container is enough for: each polls the database on a timer. */
const SINGLE_ROLES: readonly WorkerRole[] = ["poller", "relay"];

/**
 * The roles of each worker process the supervisor runs: the first takes every configured role; the
 * others take the queue consumers only, since a second poller or relay in the same container would
 * only repeat its database queries (both are safe to run more than once, as separate containers do).
 * With nothing but poller and relay configured there is one process.
 */
export function planWorkerProcesses(processes: number, roles: readonly WorkerRole[]): WorkerRole[][] {
  const consumers = roles.filter((role) => !SINGLE_ROLES.includes(role));
  const count = consumers.length === 0 ? 1 : Math.max(1, processes);
  return Array.from({ length: count }, (_, index) => (index === 0 ? [...roles] : consumers));
}
