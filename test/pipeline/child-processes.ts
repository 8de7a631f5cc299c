import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describeExit, type ExitInfo } from "@/scripts/lib/processes";
import { REPO_ROOT } from "@/scripts/lib/test-databases";

export { describeExit, type ExitInfo, sleep };

/**
 * The pipeline harness's child processes (fauxqs, workers): each in its own process group under
 * `setpriv --pdeathsig SIGKILL` (nothing outlives the test process), its output in one log file.
 */

const setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].find((file) => existsSync(file));

/**
 * A child process (its whole group): `exit` is set once it exited, `stopped` once the harness
 * signalled it (an exit is then expected); kill() is SIGKILL, stop() SIGTERM (a worker drains) and
 * SIGKILL after `graceMs`; both wait for the exit.
 */
export type ChildHandle = {
  name: string;
  pid: number;
  logFile: string;
  exit: ExitInfo | undefined;
  stopped: boolean;
  exited: Promise<ExitInfo>;
  kill(): Promise<ExitInfo>;
  stop(graceMs?: number): Promise<ExitInfo>;
  logTail(lines?: number): string;
};

/** Starts `node …args` in its own process group, its output appended to `<logDir>/<name>.log`. */
export function spawnLoggedChild(
  logDir: string,
  name: string,
  args: string[],
  env: Record<string, string>,
): ChildHandle {
  const logFile = path.join(logDir, `${name}.log`);
  const fd = openSync(logFile, "a");
  const [file, argv]: [string, string[]] = setpriv
    ? [setpriv, ["--pdeathsig", "SIGKILL", "--", process.execPath, ...args]]
    : [process.execPath, args];
  // The cast: Next's types declare NODE_ENV required, and the children get none on purpose.
  const childEnv = env as unknown as NodeJS.ProcessEnv;
  const proc = spawn(file, argv, {
    cwd: REPO_ROOT,
    env: childEnv,
    detached: true,
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  const pid = proc.pid;
  if (pid === undefined) throw new Error(`could not start ${name}`);
  const handle: ChildHandle = {
    name,
    pid,
    logFile,
    exit: undefined,
    stopped: false,
    exited: new Promise((resolve) =>
      proc.once("exit", (code, signal) => {
        handle.exit = { code, signal };
        resolve(handle.exit);
      }),
    ),
    async kill() {
      handle.stopped = true;
      signalGroup(pid, "SIGKILL");
      return handle.exited;
    },
    async stop(graceMs = 5_000) {
      handle.stopped = true;
      if (handle.exit) return handle.exit;
      signalGroup(pid, "SIGTERM");
      const timer = setTimeout(() => signalGroup(pid, "SIGKILL"), graceMs);
      const exit = await handle.exited;
      clearTimeout(timer);
      signalGroup(pid, "SIGKILL"); // anything the process left in its group
      return exit;
    },
    logTail: (lines = 15) => tail(logFile, lines),
  };
  return handle;
}

export function baseEnv(): Record<string, string> {
  // Only what node and tsx need: the test process's env (NODE_ENV=test, VITEST_*) stays out.
  const env: Record<string, string> = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
  for (const name of ["PATH", "HOME", "TMPDIR", "LANG", "TZ"]) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return env;
}

export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is gone already.
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

export function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

export function tail(file: string, lines: number): string {
  return readText(file).trimEnd().split("\n").slice(-lines).join("\n");
}
