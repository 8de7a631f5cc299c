import { randomUUID } from "node:crypto";
import { type FakeServer, sendJson, startFakeServer } from "./http-server";

/**
 * A local server speaking Postmark's server API as the app uses it (https://postmarkapp.com/developer):
 * POST /email (X-Postmark-Server-Token; 200 {To, SubmittedAt, MessageID, ErrorCode: 0, Message: "OK"};
 * 422 {ErrorCode, Message} for refusals such as 406 inactive recipient) and GET /messages/outbound
 * with `metadata_<key>=<value>` filters ({TotalCount, Messages[]}). Tests script failures and can act
 * on a message after it is accepted and before the answer is written (`onAccepted`).
 */

export type PostmarkMessage = {
  MessageID: string;
  From: string;
  To: string;
  ReplyTo?: string;
  Subject: string;
  HtmlBody: string;
  TextBody: string;
  Headers: { Name: string; Value: string }[];
  MessageStream: string;
  Tag?: string;
  Metadata: Record<string, string>;
  ReceivedAt: string;
};

export type PostmarkFake = FakeServer & {
  token: string;
  received: PostmarkMessage[];
  /** Every POST /email that reached the server, accepted or not (scripted failures included). */
  sendRequests: number;
  inactive: Set<string>;
  /** Answers the next POST /email with this status and body instead of accepting it. */
  failNext(status: number, body: Record<string, unknown>, headers?: Record<string, string>): void;
  /** Runs before a scripted failure (failNext) is written: what happens while the sender waits. */
  onRefused: (() => Promise<void> | undefined) | undefined;
  /** Runs before an outbound message search is answered. */
  onSearched: (() => Promise<void> | undefined) | undefined;
  /** Runs after a message is stored and before the 200 is written; "hang" never answers. */
  onAccepted: ((message: PostmarkMessage) => Promise<undefined | "hang"> | undefined | "hang") | undefined;
};

export async function startPostmarkFake(token = "pm-test-token"): Promise<PostmarkFake> {
  const received: PostmarkMessage[] = [];
  const failures: { status: number; body: Record<string, unknown>; headers: Record<string, string> }[] = [];
  const fake = {} as PostmarkFake;
  const server = await startFakeServer(async (req, body, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (req.headers["x-postmark-server-token"] !== token) {
      return sendJson(res, 401, {
        ErrorCode: 10,
        Message: "The Server Token you provided in the X-Postmark-Server-Token request header was invalid.",
      });
    }
    if (req.method === "POST" && url.pathname === "/email") {
      fake.sendRequests++;
      const failure = failures.shift();
      if (failure) {
        await fake.onRefused?.();
        return sendJson(res, failure.status, failure.body, failure.headers);
      }
      const email = JSON.parse(body) as Omit<PostmarkMessage, "MessageID" | "ReceivedAt">;
      if (!email.From || !email.To)
        return sendJson(res, 422, { ErrorCode: 300, Message: "Invalid email request" });
      const address = /<([^>]+)>/.exec(email.To)?.[1] ?? email.To;
      if (fake.inactive.has(address)) {
        return sendJson(res, 422, {
          ErrorCode: 406,
          Message: `You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: ${address}.`,
        });
      }
      const message: PostmarkMessage = {
        ...email,
        Metadata: email.Metadata ?? {},
        Headers: email.Headers ?? [],
        MessageStream: email.MessageStream ?? "outbound",
        MessageID: randomUUID(),
        ReceivedAt: new Date().toISOString(),
      };
      received.push(message);
      if ((await fake.onAccepted?.(message)) === "hang") return;
      return sendJson(res, 200, {
        To: email.To,
        SubmittedAt: message.ReceivedAt,
        MessageID: message.MessageID,
        ErrorCode: 0,
        Message: "OK",
      });
    }
    if (req.method === "GET" && url.pathname === "/messages/outbound") {
      await fake.onSearched?.();
      const filters = [...url.searchParams].filter(([key]) => key.startsWith("metadata_"));
      const matches = received.filter((m) =>
        filters.every(([key, value]) => m.Metadata[key.slice(9)] === value),
      );
      const offset = Number(url.searchParams.get("offset") ?? 0);
      const count = Number(url.searchParams.get("count") ?? 100);
      return sendJson(res, 200, {
        TotalCount: matches.length,
        Messages: matches.slice(offset, offset + count).map((m) => ({
          Tag: m.Tag ?? "",
          MessageID: m.MessageID,
          MessageStream: m.MessageStream,
          To: [{ Email: m.To, Name: null }],
          Cc: [],
          Bcc: [],
          Recipients: [m.To],
          ReceivedAt: m.ReceivedAt,
          From: m.From,
          Subject: m.Subject,
          Attachments: [],
          Status: "Sent",
          TrackOpens: false,
          TrackLinks: "None",
          Metadata: m.Metadata,
          Sandboxed: false,
        })),
      });
    }
    return sendJson(res, 404, { ErrorCode: 404, Message: "Not found" });
  });
  return Object.assign(fake, server, {
    token,
    received,
    inactive: new Set<string>(),
    sendRequests: 0,
    onRefused: undefined,
    onSearched: undefined,
    onAccepted: undefined,
    failNext(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) {
      failures.push({ status, body, headers });
    },
  });
}
