import autocannon from "autocannon";

/**
 * bench:auth's requests: the page checks, the load generator (autocannon, every response's latency,
 * status and size recorded: autocannon reports no p95) and the report (per round; per mode, the
 * percentiles of all its rounds' responses pooled and the median round's CPU per response; ratios).
 */

export type Measurement = {
  label: string;
  round: number;
  requests: number;
  /** Mean response size (autocannon's count: headers and body as sent, gzip). */
  kbPerResponse: number;
  /** CPU time of the app server's process group per response (less sensitive to other load). */
  serverCpuMs: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  load: [number, number];
  /** Every response's latency (ms), sorted: the summary pools them over all rounds. */
  latencies: number[];
};

let current: ReturnType<typeof autocannon> | undefined;

/** Stops the load now running, if any (Ctrl-C). */
export function stopLoad(): void {
  current?.stop();
}

/** `amount` requests or `duration` seconds of GET `url` over `connections` connections. */
export function runLoad(options: {
  connections: number;
  duration?: number;
  amount?: number;
  url: string;
  cookie: string;
  onResponse?: (status: number, ms: number, bytes: number) => void;
}): Promise<{ errors: number; duration: number }> {
  const { url, connections, duration, amount, cookie } = options;
  return new Promise((resolve, reject) => {
    let finished = false;
    const instance = autocannon(
      {
        url,
        connections,
        headers: { cookie },
        // autocannon rejects a key that is present but undefined.
        ...(duration === undefined ? {} : { duration }),
        ...(amount === undefined ? {} : { amount }),
      },
      (error, result) => {
        finished = true;
        current = undefined;
        if (error) reject(error);
        else resolve({ errors: result.errors, duration: result.duration });
      },
    );
    if (finished) return; // invalid options: answered at once, and `instance` is no tracker
    current = instance;
    const onResponse = options.onResponse;
    if (onResponse) instance.on("response", (_client, status, size, ms) => onResponse(status, ms, size));
  });
}

/** `duration` seconds of load: rate, latency percentiles, mean size, failures (non-200 or connection). */
export async function measureLoad(options: {
  url: string;
  connections: number;
  duration: number;
  cookie: string;
}): Promise<
  Pick<
    Measurement,
    "requests" | "requestsPerSecond" | "p50" | "p95" | "p99" | "kbPerResponse" | "errors" | "latencies"
  >
> {
  const latencies: number[] = [];
  let non200 = 0;
  let bytes = 0;
  const result = await runLoad({
    ...options,
    onResponse: (status, ms, size) => {
      latencies.push(ms);
      bytes += size;
      if (status !== 200) non200++;
    },
  });
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    requestsPerSecond: latencies.length / result.duration,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    kbPerResponse: bytes / latencies.length / 1024,
    errors: non200 + result.errors,
    latencies,
  };
}

/**
 * The page with the session (200, containing `text`); not served without one; and clerkMiddleware
 * in front exactly when `clerk` (it alone says what it decided, and rewrites what it lets through).
 */
export async function checkPage(check: {
  label: string;
  url: string;
  cookie: string;
  text: string;
  clerk: boolean;
}): Promise<void> {
  const { label, url, cookie, text } = check;
  const signedIn = await fetch(url, { headers: { cookie }, redirect: "manual" });
  const body = await signedIn.text();
  if (signedIn.status !== 200 || !body.includes(text)) {
    throw new Error(
      `${label}: GET ${url} answered ${signedIn.status} without "${text}": ${body.slice(0, 300)}`,
    );
  }
  const signedOut = await fetch(url, { redirect: "manual" });
  await signedOut.arrayBuffer();
  if (signedOut.status === 200) throw new Error(`${label}: ${url} is served without a session`);
  const clerkStatus = signedOut.headers.get("x-clerk-auth-status");
  const clerkInFront = clerkStatus === "signed-out" && signedIn.headers.has("x-middleware-rewrite");
  if (clerkInFront !== check.clerk) {
    throw new Error(
      `${label}: clerkMiddleware ${clerkInFront ? "answered" : "did not answer"} (x-clerk-auth-status: ${clerkStatus})`,
    );
  }
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length, Math.ceil((p / 100) * sorted.length)) - 1] ?? Number.NaN;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
}

/** `labels`: the modes in the order they were measured; `heading`: lines printed above the table. */
export function printReport(results: Measurement[], labels: string[], heading: string[]): void {
  const header = [
    "mode",
    "round",
    "req/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "errors",
    "KB/resp",
    "server CPU ms/req",
    "load 1m",
  ];
  const cells = (m: Measurement, round: string, load: string) => [
    m.label,
    round,
    m.requestsPerSecond.toFixed(1),
    m.p50.toFixed(1),
    m.p95.toFixed(1),
    m.p99.toFixed(1),
    String(m.errors),
    m.kbPerResponse.toFixed(1),
    m.serverCpuMs.toFixed(1),
    load,
  ];
  const rows = results.map((r) =>
    cells(r, String(r.round), `${r.load[0].toFixed(2)}→${r.load[1].toFixed(2)}`),
  );
  // Per mode over all rounds: latency percentiles of every response pooled, the median round's CPU
  // per response and rate (a burst on a busy machine moves them; the median ignores the outliers).
  const medians = new Map<string, Measurement>();
  for (const label of labels) {
    const own = results.filter((r) => r.label === label);
    const of = (metric: (r: Measurement) => number) => median(own.map(metric));
    const pooled = own.flatMap((r) => r.latencies).sort((a, b) => a - b);
    medians.set(label, {
      label,
      round: 0,
      requests: own.reduce((sum, r) => sum + r.requests, 0),
      kbPerResponse: of((r) => r.kbPerResponse),
      serverCpuMs: of((r) => r.serverCpuMs),
      requestsPerSecond: of((r) => r.requestsPerSecond),
      p50: percentile(pooled, 50),
      p95: percentile(pooled, 95),
      p99: percentile(pooled, 99),
      errors: own.reduce((sum, r) => sum + r.errors, 0),
      load: [0, 0],
      latencies: [],
    });
  }
  const medianRows = [...medians.values()].map((m) => cells(m, "all", ""));
  console.log("");
  for (const line of heading) console.log(line);
  console.log("");
  printTable(header, [...rows, ...medianRows]);
  console.log("");
  for (const [a, b] of [
    ["local", "before"],
    ["clerk", "before"],
    ["clerk", "local"],
  ] as const) {
    const [over, under] = [medians.get(a), medians.get(b)];
    if (!over || !under) continue;
    const limit =
      a === "clerk" && (b === "before" || !medians.has("before")) ? " (issue 14: at most 1.10)" : "";
    console.log(
      `${a}/${b}: p95 ×${ratio(over.p95, under.p95)}${limit}, server CPU per request ×${ratio(over.serverCpuMs, under.serverCpuMs)}`,
    );
  }
}

function ratio(a: number, b: number): string {
  return (a / b).toFixed(3);
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}
