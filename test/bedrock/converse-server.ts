import http2 from "node:http2";
import type { AddressInfo } from "node:net";

/**
 * A local HTTP/2 server (h2c, as the SDK's NodeHttp2Handler speaks it to an http:// endpoint) that
 * answers the Bedrock Runtime Converse API in its wire format: `POST /model/{modelId}/converse`,
 * JSON in and out, errors as a status code plus `x-amzn-errortype` and a `{message}` body.
 * Tests queue replies in order; once the queue is empty, `fallback` answers.
 */

export type ConverseRequestBody = {
  system?: { text: string }[];
  messages: { role: string; content: { text?: string }[] }[];
  inferenceConfig?: { maxTokens?: number; temperature?: number };
};

export type RecordedRequest = { modelId: string; body: ConverseRequestBody; at: number };

export type Reply =
  | { kind: "text"; text: string; stopReason?: string; inputTokens?: number; outputTokens?: number }
  | { kind: "error"; status: number; type: string; message: string }
  /** Accepts the request and never answers (a model that hangs). */
  | { kind: "hang" }
  /** Answers after `ms`. */
  | { kind: "slow"; ms: number; reply: Reply };

export const reply = {
  text: (
    text: string,
    extra: Partial<Omit<Extract<Reply, { kind: "text" }>, "kind" | "text">> = {},
  ): Reply => ({
    kind: "text",
    text,
    ...extra,
  }),
  throttled: (): Reply => ({
    kind: "error",
    status: 429,
    type: "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/",
    message: "Too many requests, please wait before trying again.",
  }),
  error: (status: number, type: string, message: string): Reply => ({ kind: "error", status, type, message }),
  hang: (): Reply => ({ kind: "hang" }),
};

/** A reply, or a function of the request (to answer from the data block a prompt carries). */
export type Responder = Reply | ((request: RecordedRequest) => Reply);

/** The "Data:" block of a recorded request's first user turn, as `label → value`. */
export function dataOf(request: RecordedRequest): Map<string, string> {
  const text = request.body.messages[0]?.content[0]?.text ?? "";
  const data = text.slice(text.indexOf("Data:") + 5);
  const entries = data
    .split("\n")
    .map((line) => /^-?\s*([^:]+):\s*(.*)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1]?.trim() ?? "", m[2]?.trim() ?? ""] as [string, string]);
  return new Map(entries);
}

export async function startConverseServer(fallback: Responder = reply.text("(no reply queued)")) {
  const queue: Reply[] = [];
  const requests: RecordedRequest[] = [];
  const pending = new Set<http2.ServerHttp2Stream>();
  const server = http2.createServer();
  const load = { inFlight: 0, peak: 0 };

  const answer = (stream: http2.ServerHttp2Stream, r: Reply): void => {
    if (r.kind === "hang") {
      pending.add(stream);
      stream.on("close", () => pending.delete(stream));
      return;
    }
    if (r.kind === "slow") {
      pending.add(stream);
      const timer = setTimeout(() => {
        pending.delete(stream);
        if (!stream.closed) answer(stream, r.reply);
      }, r.ms);
      stream.on("close", () => clearTimeout(timer));
      return;
    }
    const requestId = crypto.randomUUID();
    if (r.kind === "error") {
      stream.respond({
        ":status": r.status,
        "content-type": "application/json",
        "x-amzn-requestid": requestId,
        "x-amzn-errortype": r.type,
      });
      stream.end(JSON.stringify({ message: r.message }));
      return;
    }
    const inputTokens = r.inputTokens ?? 400;
    const outputTokens = r.outputTokens ?? 90;
    stream.respond({ ":status": 200, "content-type": "application/json", "x-amzn-requestid": requestId });
    stream.end(
      JSON.stringify({
        output: { message: { role: "assistant", content: r.text === "" ? [] : [{ text: r.text }] } },
        stopReason: r.stopReason ?? "end_turn",
        usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
        metrics: { latencyMs: 412 },
      }),
    );
  };

  server.on("stream", (stream, headers) => {
    load.inFlight++;
    load.peak = Math.max(load.peak, load.inFlight);
    stream.on("close", () => load.inFlight--);
    const path = String(headers[":path"] ?? "");
    const match = /^\/model\/([^/]+)\/converse$/.exec(path);
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      if (headers[":method"] !== "POST" || !match?.[1]) {
        answer(stream, reply.error(404, "UnknownOperationException", `no route for ${path}`));
        return;
      }
      const recorded: RecordedRequest = {
        modelId: decodeURIComponent(match[1]),
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as ConverseRequestBody,
        at: Date.now(),
      };
      requests.push(recorded);
      const next = queue.shift() ?? fallback;
      answer(stream, typeof next === "function" ? next(recorded) : next);
    });
  });
  server.on("sessionError", () => {});
  // Clients keep their HTTP/2 session open; close() ends them so the server can stop.
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    /** Requests being answered now, and the most at once since the last reset(). */
    load,
    /** Replies for the next requests, in order. */
    enqueue(...replies: Reply[]) {
      queue.push(...replies);
    },
    setFallback(r: Responder) {
      fallback = r;
    },
    reset() {
      queue.length = 0;
      requests.length = 0;
      load.peak = load.inFlight;
    },
    async close() {
      for (const stream of pending) stream.close(http2.constants.NGHTTP2_CANCEL);
      for (const session of sessions) session.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type ConverseServer = Awaited<ReturnType<typeof startConverseServer>>;
