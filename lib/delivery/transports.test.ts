import { randomUUID } from "node:crypto";
import { type AddressInfo, createServer, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GMAIL_READONLY_SCOPE, GMAIL_SEND_SCOPE } from "@/lib/clients/google/google-oauth";
import { createPostmarkClient } from "@/lib/clients/postmark/postmark-client";
import { DeliveryError } from "@/lib/delivery/delivery-error";
import { createGmailTransport } from "@/lib/delivery/gmail-transport";
import { createPostmarkTransport } from "@/lib/delivery/postmark-transport";
import { decryptToken, encryptToken } from "@/lib/delivery/token-cipher";
import type { OutgoingMessage } from "@/lib/delivery/types";
import { deliveryTestConfig } from "@/test/fakes/delivery-config";
import { type GoogleFake, startGoogleFake } from "@/test/fakes/google-fake";
import { type PostmarkFake, startPostmarkFake } from "@/test/fakes/postmark-fake";

let postmark: PostmarkFake;
let google: GoogleFake;

beforeAll(async () => {
  [postmark, google] = await Promise.all([startPostmarkFake(), startGoogleFake()]);
});
afterAll(async () => {
  await Promise.all([postmark?.close(), google?.close()]);
});

function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    kind: "homeowner",
    userId: randomUUID(),
    emailId: randomUUID(),
    from: { name: "Sam Rivera", address: "sam.rivera@gmail.com" },
    to: { name: "María López", address: "maria.lopez@example.com" },
    replyTo: "sam@harborpine.example",
    subject: "Your home at 12 Elm St: November update — €, ñ",
    html: "<p>Hi María,</p>",
    text: "Hi María,\n",
    headers: {
      "List-Unsubscribe": "<https://app.dripr.test/u/tok>, <mailto:unsubscribe@dripr.test?subject=tok>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "In-Reply-To": "<previous@dripr.test>",
      References: "<previous@dripr.test>",
    },
    messageId: `<${randomUUID()}@dripr.test>`,
    ...overrides,
  };
}

function postmarkTransport() {
  const config = deliveryTestConfig({ postmark });
  return createPostmarkTransport(createPostmarkClient(config.delivery.postmark), config.delivery.postmark);
}

function gmailGrant(scope: string) {
  const code = google.issueCode({ email: "sam.rivera@gmail.com", scope });
  const refreshToken = [...google.grants.values()].length + code; // unique, registered below
  google.grants.set(refreshToken, { refreshToken, scope, email: "sam.rivera@gmail.com", revoked: false });
  return { userId: randomUUID(), googleEmail: "sam.rivera@gmail.com", refreshToken, scope };
}

describe("token cipher", () => {
  it("round-trips, uses a fresh IV, and refuses another owner, another key or a tampered value", () => {
    const key = Buffer.alloc(32, 3);
    const a = encryptToken("1//refresh-token", key, "user-a");
    expect(a).not.toContain("refresh");
    expect(encryptToken("1//refresh-token", key, "user-a")).not.toBe(a);
    expect(decryptToken(a, key, "user-a")).toBe("1//refresh-token");
    expect(() => decryptToken(a, key, "user-b")).toThrow();
    expect(() => decryptToken(a, Buffer.alloc(32, 4), "user-a")).toThrow();
    const [v, iv, tag, body] = a.split(".");
    const flipped = `${body?.[0] === "A" ? "B" : "A"}${body?.slice(1)}`;
    expect(() => decryptToken([v, iv, tag, flipped].join("."), key, "user-a")).toThrow();
    expect(() => decryptToken("plaintext", key, "user-a")).toThrow(/format/);
  });
});

describe("Postmark transport", () => {
  it("sends homeowner mail on the broadcast stream with our Message-ID, headers and metadata", async () => {
    const sent = message();
    const { providerMessageId } = await postmarkTransport().send(sent);
    const got = postmark.received.find((m) => m.MessageID === providerMessageId);
    expect(got).toMatchObject({
      From: "Sam Rivera <sam.rivera@gmail.com>",
      To: "María López <maria.lopez@example.com>",
      ReplyTo: "sam@harborpine.example",
      Subject: sent.subject,
      MessageStream: "broadcast",
      Metadata: {
        dripr_message_id: sent.messageId.slice(1, -1),
        dripr_email_id: sent.emailId,
        dripr_kind: "homeowner",
      },
    });
    expect(got?.Headers).toContainEqual({ Name: "Message-ID", Value: sent.messageId });
    expect(got?.Headers).toContainEqual({
      Name: "List-Unsubscribe-Post",
      Value: "List-Unsubscribe=One-Click",
    });
  });

  it("sends system mail on the transactional stream", async () => {
    const { providerMessageId } = await postmarkTransport().send(message({ kind: "welcome", emailId: null }));
    expect(postmark.received.find((m) => m.MessageID === providerMessageId)?.MessageStream).toBe("outbound");
  });

  it("finds a sent message by its Message-ID in the metadata, and nothing for an unsent one", async () => {
    const transport = postmarkTransport();
    const sent = message();
    const { providerMessageId } = await transport.send(sent);
    expect(await transport.findSent(sent)).toEqual({ providerMessageId });
    expect(await transport.findSent(message())).toBeNull();
  });

  it("classifies refusals: inactive recipient is permanent, 429 transient, 500 ambiguous", async () => {
    const transport = postmarkTransport();
    postmark.inactive.add("bounced@example.com");
    const inactive = await transport
      .send(message({ to: { name: "", address: "bounced@example.com" } }))
      .catch((e) => e);
    expect(inactive).toBeInstanceOf(DeliveryError);
    expect(inactive).toMatchObject({ kind: "permanent", message: expect.stringContaining("406") });

    postmark.failNext(429, { ErrorCode: 429, Message: "Rate limit exceeded" });
    const limited = await transport.send(message()).catch((e) => e);
    expect(limited).toMatchObject({ kind: "transient", ambiguous: false });

    postmark.failNext(500, { ErrorCode: 0, Message: "Internal server error" });
    const broken = await transport.send(message()).catch((e) => e);
    expect(broken).toMatchObject({ kind: "transient", ambiguous: true });
  });

  it("a wrong server token is transient (a configuration problem, not the email's)", async () => {
    const config = deliveryTestConfig({ postmark }, { POSTMARK_SERVER_TOKEN: "wrong" });
    const transport = createPostmarkTransport(
      createPostmarkClient(config.delivery.postmark),
      config.delivery.postmark,
    );
    await expect(transport.send(message())).rejects.toMatchObject({ kind: "transient" });
  });
});

describe("Gmail transport", () => {
  it("refreshes the access token and sends raw MIME with our Message-ID and threading headers", async () => {
    const config = deliveryTestConfig({ google });
    const grant = gmailGrant(`openid email ${GMAIL_SEND_SCOPE}`);
    const transport = createGmailTransport(config.delivery.google, grant);
    const sent = message();
    const before = google.tokenRequests.length;
    const { providerMessageId } = await transport.send(sent);
    await transport.send(message());
    // One refresh for two sends: the access token is kept.
    expect(google.tokenRequests.slice(before)).toEqual([
      expect.objectContaining({ grant_type: "refresh_token", refresh_token: grant.refreshToken }),
    ]);
    const got = google.sent.find((m) => m.id === providerMessageId);
    expect(got?.messageId).toBe(sent.messageId);
    const mime = got?.mime ?? "";
    expect(mime).toMatch(/^From: Sam Rivera <sam\.rivera@gmail\.com>$/m);
    expect(mime).toMatch(/^Reply-To: sam@harborpine\.example$/m);
    expect(mime).toMatch(/^In-Reply-To: <previous@dripr\.test>$/m);
    expect(mime).toMatch(/^References: <previous@dripr\.test>$/m);
    expect(mime).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(mime).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(mime).toContain("multipart/alternative");
  });

  it("says a revoked grant is revoked, not a transient failure", async () => {
    const config = deliveryTestConfig({ google });
    const grant = gmailGrant(GMAIL_SEND_SCOPE);
    google.revoke(grant.refreshToken);
    await expect(createGmailTransport(config.delivery.google, grant).send(message())).rejects.toMatchObject({
      kind: "gmail-revoked",
      message: expect.stringContaining("invalid_grant"),
    });
  });

  it("maps Gmail's 429 to transient and 400 to permanent", async () => {
    const config = deliveryTestConfig({ google });
    const transport = createGmailTransport(config.delivery.google, gmailGrant(GMAIL_SEND_SCOPE));
    google.failNextSend(429, {
      error: { code: 429, message: "User-rate limit exceeded", errors: [{ reason: "rateLimitExceeded" }] },
    });
    await expect(transport.send(message())).rejects.toMatchObject({ kind: "transient", ambiguous: false });
    google.failNextSend(400, {
      error: { code: 400, message: "Invalid To header", errors: [{ reason: "invalidArgument" }] },
    });
    await expect(transport.send(message())).rejects.toMatchObject({ kind: "permanent" });
    // Google: retry 5xx with exponential backoff. A 5xx is an answer: the send was not done.
    for (const status of [500, 502, 503, 504]) {
      google.failNextSend(status, { error: { code: status, message: "Backend Error" } });
      await expect(transport.send(message())).rejects.toMatchObject({ kind: "transient", ambiguous: false });
    }
  });

  it("no answer within GMAIL_TIMEOUT_MS after Gmail got the request: ambiguous, and the attempt ends", async () => {
    const config = deliveryTestConfig({ google }, { GMAIL_TIMEOUT_MS: "300" });
    const transport = createGmailTransport(config.delivery.google, gmailGrant(GMAIL_SEND_SCOPE));
    await transport.send(message()); // the access token is fetched outside the timed-out attempt
    const before = google.sendRequests;
    google.hangNextSend();
    await expect(transport.send(message())).rejects.toMatchObject({
      kind: "transient",
      ambiguous: true,
      message: expect.stringContaining("no answer within the timeout"),
    });
    expect(google.sendRequests - before).toBe(1);
  });

  it("a timeout before Gmail got the whole request is not ambiguous: nothing can have been sent", async () => {
    // A server that accepts connections and never reads: a large message never leaves the socket.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => {
      socket.pause();
      sockets.push(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const config = deliveryTestConfig(
        { google },
        { GMAIL_TIMEOUT_MS: "1000", GMAIL_API_URL: `http://127.0.0.1:${port}/` },
      );
      const transport = createGmailTransport(config.delivery.google, gmailGrant(GMAIL_SEND_SCOPE));
      await expect(
        transport.send(message({ html: `<p>${"x".repeat(24_000_000)}</p>` })),
      ).rejects.toMatchObject({
        kind: "transient",
        ambiguous: false,
        message: expect.stringContaining("did not get the whole request"),
      });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("finds a sent message by rfc822msgid with a read scope, and cannot tell with gmail.send alone", async () => {
    const config = deliveryTestConfig({ google });
    const searchable = createGmailTransport(
      config.delivery.google,
      gmailGrant(`${GMAIL_SEND_SCOPE} ${GMAIL_READONLY_SCOPE}`),
    );
    const sent = message();
    const { providerMessageId } = await searchable.send(sent);
    expect(await searchable.findSent(sent)).toEqual({ providerMessageId });
    expect(await searchable.findSent(message())).toBeNull();
    const sendOnly = createGmailTransport(config.delivery.google, gmailGrant(GMAIL_SEND_SCOPE));
    expect(await sendOnly.findSent(sent)).toBe("unknown");
  });
});
