// The part of autocannon 9's programmatic API that scripts/bench/bench-auth.ts uses (the package
// ships no types).
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  type Options = {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    /** Requests in all, instead of a duration. */
    amount?: number;
    /** Seconds one request may take before it counts as a timeout. */
    timeout?: number;
    headers?: Record<string, string>;
  };

  type Result = {
    totalCompletedRequests: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    resets: number;
    mismatches: number;
    /** Seconds. */
    duration: number;
  };

  interface Instance extends EventEmitter {
    on(
      event: "response",
      listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void,
    ): this;
    stop(): void;
  }

  function autocannon(options: Options, callback: (error: Error | null, result: Result) => void): Instance;
  export default autocannon;
}
