import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * Serves `handle(req, body, res)` (the request body read whole, as UTF-8) on host:port (0 picks a
 * free port) for the vendor wire servers; `close` also ends kept-alive connections, so a test's
 * teardown does not wait for the SDK's idle sockets.
 */
export async function serveHttp(
  handle: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void,
  options: { host?: string; port?: number },
): Promise<{ host: string; port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => handle(req, Buffer.concat(chunks).toString("utf8"), res));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
