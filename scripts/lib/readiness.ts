import net from "node:net";
import { type Child, describeExit } from "./processes";

/** Readiness checks of the dev launcher: real signals (a port that accepts, a line printed), no sleeps. */

export class PortInUseError extends Error {}

/** Fails with a clear message when something already listens on `port` (on any local address). */
export async function assertPortFree(port: number, purpose: string): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    // No host: binds the IPv6 and IPv4 wildcard, which conflicts with a listener on any local address.
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)));
  });
  if (!free) {
    throw new PortInUseError(
      `Port ${port} (${purpose}) is already in use. Is another \`npm run dev\` running? ` +
        `See what holds it with: ss -ltnp 'sport = :${port}'`,
    );
  }
}

/** Resolves once a TCP connection to `host:port` succeeds (gives up quietly once `child` exits). */
export async function portAccepts(child: Child, port: number, host = "127.0.0.1"): Promise<void> {
  while (!child.hasExited()) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** An `onLine` callback, and a promise of the first line that matches `pattern`. */
export function lineMatching(pattern: RegExp): { onLine: (line: string) => void; seen: Promise<string> } {
  let resolveSeen: (line: string) => void = () => {};
  const seen = new Promise<string>((resolve) => {
    resolveSeen = resolve;
  });
  return { onLine: (line) => pattern.test(line) && resolveSeen(line), seen };
}

/** Waits for `ready`, failing early when the child exits first or the timeout passes. */
export async function whenReady<T>(child: Child, ready: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${child.name} was not ready after ${timeoutMs / 1000}s`)),
      timeoutMs,
    );
    void child.exited.then((exit) =>
      reject(new Error(`${child.name} exited before it was ready (${describeExit(exit)})`)),
    );
  });
  try {
    return await Promise.race([ready, failed]);
  } finally {
    clearTimeout(timer);
  }
}
