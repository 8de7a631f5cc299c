import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local HTTP server that plays a vendor API in tests and benchmarks. A handler answers each request
 * with a status, headers and a body (JSON or raw text), optionally after a delay, or never ("hang",
 * to test timeouts). Every request is recorded. `fault` answers before the vendor handler when it
 * returns a reply, to script 429 storms, outages and malformed bodies.
 */

/** `at`: performance.now() when the request arrived. */
export type VendorRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  at: number;
};
export type Reply =
  | { status: number; headers?: Record<string, string>; json?: unknown; text?: string; delayMs?: number }
  | "hang";
export type Handler = (request: VendorRequest) => Reply | Promise<Reply>;

export type VendorServer = {
  url: string;
  requests: VendorRequest[];
  /** Status of each answered request, in order of answer. */
  statuses: number[];
  /** Requests whose path starts with `prefix`. */
  count(prefix?: string): number;
  fault: ((request: VendorRequest, index: number) => Reply | undefined) | null;
  close(): Promise<void>;
};

export async function startVendorServer(handler: Handler, basePath = ""): Promise<VendorServer> {
  const requests: VendorRequest[] = [];
  const statuses: number[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const request = {
      method: req.method ?? "GET",
      path: url.pathname.slice(basePath.length),
      query: url.searchParams,
      headers: req.headers,
      at: performance.now(),
    };
    requests.push(request);
    const reply = state.fault?.(request, requests.length - 1) ?? (await handler(request));
    if (reply === "hang") return;
    statuses.push(reply.status);
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    const body = reply.text ?? JSON.stringify(reply.json ?? null);
    res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    res.end(body);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const state: VendorServer = {
    url: `http://127.0.0.1:${port}${basePath}`,
    requests,
    statuses,
    count: (prefix = "") => requests.filter((r) => r.path.startsWith(prefix)).length,
    fault: null,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return state;
}

/** A token bucket like the vendors': `perSecond` requests a second, bursts up to `perSecond`. */
export function tokenBucket(perSecond: number): () => boolean {
  let tokens = perSecond;
  let last = Date.now();
  return () => {
    const now = Date.now();
    tokens = Math.min(perSecond, tokens + ((now - last) / 1000) * perSecond);
    last = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")) as T;
}
