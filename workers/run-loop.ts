import type { Logger } from "@/lib/logger";

export type Loop = {
  name: string;
  /** Last completed iteration (for the health endpoint). */
  status(): { lastRunAt: string | null; lastError: string | null; runs: number };
  stop(): Promise<void>;
};

/**
 * Runs `iteration` again and again: after `idleMs` when it reports no more work, at once when it
 * does (a backlog drains at full speed). Errors are logged and retried after `idleMs`; one failing
 * iteration never stops the loop. `stop()` resolves after the current iteration finishes.
 */
export function startLoop(options: {
  name: string;
  idleMs: number;
  log: Logger;
  iteration: () => Promise<{ moreWork: boolean }>;
}): Loop {
  const { name, idleMs, log, iteration } = options;
  let stopping = false;
  let wake: (() => void) | undefined;
  let lastRunAt: string | null = null;
  let lastError: string | null = null;
  let runs = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const done = (async () => {
    while (!stopping) {
      let moreWork = false;
      try {
        moreWork = (await iteration()).moreWork;
        lastError = null;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        log.error({ err: error, loop: name }, `${name} iteration failed; retrying`);
      }
      runs++;
      lastRunAt = new Date().toISOString();
      if (!stopping && !moreWork) await sleep(idleMs);
    }
  })();

  return {
    name,
    status: () => ({ lastRunAt, lastError, runs }),
    async stop() {
      stopping = true;
      wake?.();
      await done;
    },
  };
}
