import { createServer, type Server } from "node:http";

/**
 * GET /health on the workers' port: 200 with the report while `report().ok`, else 503. Lightsail's
 * container health check and the engineer on call read it.
 */
export function startHealthServer(
  port: number,
  report: () => { ok: boolean } & Record<string, unknown>,
): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== "GET" || request.url !== "/health") {
      response.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
      return;
    }
    const body = report();
    response
      .writeHead(body.ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" })
      .end(JSON.stringify(body));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "0.0.0.0", () => resolve(server));
  });
}
