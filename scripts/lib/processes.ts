import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { createLinePrinter } from "./output";

/**
 * Child processes of the dev launcher. Each child runs in its own process group (so stopping it
 * also stops what it started: the postmaster, Next's compiler workers) and, on Linux, under
 * `setpriv --pdeathsig SIGTERM`, so the kernel stops it even when the launcher is SIGKILLed.
 * (`concurrently` under `npm run` leaked every child on SIGTERM/SIGKILL; see toolchain-offline.md.)
 */

export type ExitInfo = { code: number | null; signal: NodeJS.Signals | null };

export type Child = {
  name: string;
  pid: number;
  exited: Promise<ExitInfo>;
  hasExited(): boolean;
};

type SpawnOptions = {
  env: NodeJS.ProcessEnv;
  /** Called with every output line (after printing), e.g. to detect readiness. */
  onLine?: (line: string) => void;
};

const STOP_TIMEOUT_MS = 10_000;
const setpriv = process.platform === "linux" ? findOnPath("setpriv") : undefined;

export class Supervisor {
  private readonly children: Child[] = [];
  private stopping = false;

  constructor(private readonly onUnexpectedExit: (child: Child, exit: ExitInfo) => void) {}

  /** Starts a long-running child. Its exit before `stopAll()` is reported to `onUnexpectedExit`. */
  start(name: string, command: string, args: string[], options: SpawnOptions): Child {
    const child = this.spawnChild(name, command, args, options);
    this.children.push(child);
    void child.exited.then((exit) => {
      if (!this.stopping) this.onUnexpectedExit(child, exit);
    });
    return child;
  }

  /** Runs a command to completion; rejects when it fails. */
  async run(name: string, command: string, args: string[], options: SpawnOptions): Promise<void> {
    const child = this.spawnChild(name, command, args, options);
    this.children.push(child);
    const exit = await child.exited;
    await stopGroup(child, 2_000); // anything it left running in its group
    this.children.splice(this.children.indexOf(child), 1);
    if (exit.code !== 0) throw new Error(`${name} failed (${describeExit(exit)})`);
  }

  /** Stops every child, last started first, each with SIGTERM and then SIGKILL after a timeout. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    for (const child of [...this.children].reverse()) await stopGroup(child, STOP_TIMEOUT_MS);
  }

  /** Last resort (second Ctrl-C): SIGKILL every group at once. */
  killAll(): void {
    this.stopping = true;
    for (const child of this.children) signalGroup(child.pid, "SIGKILL");
  }

  private spawnChild(name: string, command: string, args: string[], options: SpawnOptions): Child {
    const [file, argv] = setpriv
      ? [setpriv, ["--pdeathsig", "SIGTERM", "--", command, ...args]]
      : [command, args];
    const proc = spawn(file, argv, { detached: true, stdio: ["ignore", "pipe", "pipe"], env: options.env });
    const printer = createLinePrinter(name);
    for (const stream of [proc.stdout, proc.stderr]) {
      createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on("line", (line) => {
        printer.print(line);
        options.onLine?.(line);
      });
    }
    let done = false;
    const exited = new Promise<ExitInfo>((resolve) => {
      proc.once("error", (error) => {
        printer.print(`could not start ${command}: ${error.message}`);
        done = true;
        resolve({ code: 127, signal: null });
      });
      proc.once("exit", (code, signal) => {
        done = true;
        resolve({ code, signal });
      });
    });
    if (proc.pid === undefined) {
      return { name, pid: -1, exited, hasExited: () => true };
    }
    return { name, pid: proc.pid, exited, hasExited: () => done };
  }
}

export function describeExit(exit: ExitInfo): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}

async function stopGroup(child: Child, timeoutMs: number): Promise<void> {
  if (child.pid <= 0 || !groupAlive(child.pid)) return;
  signalGroup(child.pid, "SIGTERM");
  if (await waitForGroupExit(child.pid, timeoutMs)) return;
  console.error(`${child.name} did not stop within ${timeoutMs / 1000}s; killing it`);
  signalGroup(child.pid, "SIGKILL");
  await waitForGroupExit(child.pid, 2_000);
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is already gone.
  }
}

/** True while any process of the group exists (the leader may be gone while its children live on). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function waitForGroupExit(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

function findOnPath(executable: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, executable);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}
