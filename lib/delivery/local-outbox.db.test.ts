import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { getLocalOutboxMessage } from "@/lib/delivery/get-local-outbox-message";
import { listLocalOutbox } from "@/lib/delivery/list-local-outbox";
import { createLocalOutboxTransport, formatAddress } from "@/lib/delivery/local-outbox-transport";
import type { OutgoingMessage } from "@/lib/delivery/types";
import type { User } from "@/lib/generated/prisma/client";
import { createTestAgent } from "@/test/factories/agent";

let alice: User;
let bob: User;

beforeEach(async () => {
  alice = await createTestAgent(getDb());
  bob = await createTestAgent(getDb());
});

function message(user: User, overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    kind: "homeowner",
    userId: user.id,
    emailId: null,
    from: { name: `${user.firstName} ${user.lastName}`, address: user.email },
    to: { name: "Maria Lopez", address: "maria.lopez@example.com" },
    replyTo: user.email,
    subject: "Your home at 12 Elm St: November update",
    html: "<p>Hi Maria,</p>",
    text: "Hi Maria,\n",
    headers: {
      "List-Unsubscribe": "<https://app.dripr.example/u/tok>, <mailto:unsubscribe@dripr.example?subject=tok>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
    messageId: `<${randomUUID()}@dripr.local>`,
    ...overrides,
  };
}

describe("local outbox transport", () => {
  it("stores the message and returns the row id as the provider id", async () => {
    const transport = createLocalOutboxTransport(getDb());
    expect(transport.name).toBe("LOCAL_OUTBOX");
    const sent = message(alice, { from: { name: "Rivera, Sam", address: "sam@example.com" } });
    const { providerMessageId } = await transport.send(sent);

    const row = await getDb().localOutboxMessage.findUniqueOrThrow({ where: { id: providerMessageId } });
    expect(row).toMatchObject({
      userId: alice.id,
      emailId: null,
      kind: "homeowner",
      fromAddress: '"Rivera, Sam" <sam@example.com>',
      toAddress: "Maria Lopez <maria.lopez@example.com>",
      replyTo: alice.email,
      subject: sent.subject,
      html: sent.html,
      text: sent.text,
      headers: sent.headers,
      messageId: sent.messageId,
    });
  });

  it("is idempotent by Message-ID: a second send returns the same id and inserts nothing", async () => {
    const transport = createLocalOutboxTransport(getDb());
    const sent = message(alice);
    const first = await transport.send(sent);
    const second = await transport.send({ ...sent, subject: "a retry after a crash" });
    expect(second).toEqual(first);
    const rows = await getDb().localOutboxMessage.findMany({ where: { messageId: sent.messageId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.subject).toBe(sent.subject);
  });

  it("stays idempotent when the same message is sent concurrently", async () => {
    const transport = createLocalOutboxTransport(getDb());
    const sent = message(alice);
    const results = await Promise.all(Array.from({ length: 5 }, () => transport.send(sent)));
    expect(new Set(results.map((r) => r.providerMessageId)).size).toBe(1);
    expect(await getDb().localOutboxMessage.count({ where: { messageId: sent.messageId } })).toBe(1);
  });

  it("stores messages sent at the same moment (one batch) each in its own row", async () => {
    const transport = createLocalOutboxTransport(getDb());
    const sent = [
      message(alice, { subject: "one" }),
      message(bob, { subject: "two" }),
      message(alice, { subject: "three", emailId: null }),
    ];
    const again = sent[0] as OutgoingMessage;
    const results = await Promise.all([...sent, again].map((m) => transport.send(m)));
    expect(results[3]).toEqual(results[0]);
    for (const [index, m] of sent.entries()) {
      const row = await getDb().localOutboxMessage.findUniqueOrThrow({
        where: { id: results[index]?.providerMessageId },
      });
      expect(row).toMatchObject({ userId: m.userId, subject: m.subject, messageId: m.messageId });
    }
  });

  it("stores system mail that belongs to no agent", async () => {
    const { providerMessageId } = await createLocalOutboxTransport(getDb()).send(
      message(alice, { kind: "welcome", userId: null, replyTo: undefined, headers: {} }),
    );
    const row = await getDb().localOutboxMessage.findUniqueOrThrow({ where: { id: providerMessageId } });
    expect(row).toMatchObject({ userId: null, kind: "welcome", replyTo: null, headers: {} });
  });
});

describe("reading the local outbox", () => {
  it("lists only the agent's own mail, newest first", async () => {
    const transport = createLocalOutboxTransport(getDb());
    const first = await transport.send(message(alice, { subject: "first" }));
    const second = await transport.send(message(alice, { subject: "second", kind: "approval-request" }));
    await transport.send(message(bob, { subject: "bob's" }));
    // Two sends can share a millisecond; make the order explicit. Relative to the stored createdAt
    // (the database's clock, the column default), not to this process's clock.
    const stored = await getDb().localOutboxMessage.findUniqueOrThrow({
      where: { id: second.providerMessageId },
      select: { createdAt: true },
    });
    await getDb().localOutboxMessage.update({
      where: { id: first.providerMessageId },
      data: { createdAt: new Date(stored.createdAt.getTime() - 60_000) },
    });

    const list = await listLocalOutbox(alice.id);
    expect(list.map((m) => m.id)).toEqual([second.providerMessageId, first.providerMessageId]);
    expect(list[0]).toMatchObject({
      subject: "second",
      kind: "approval-request",
      toAddress: "Maria Lopez <maria.lopez@example.com>",
    });
    expect(await listLocalOutbox(randomUUID())).toEqual([]);
  });

  it("opens a message only for its owner", async () => {
    const { providerMessageId } = await createLocalOutboxTransport(getDb()).send(message(alice));
    expect((await getLocalOutboxMessage(alice.id, providerMessageId))?.html).toBe("<p>Hi Maria,</p>");
    expect(await getLocalOutboxMessage(bob.id, providerMessageId)).toBeNull();
    expect(await getLocalOutboxMessage(alice.id, "not-a-uuid")).toBeNull();
    expect(await getLocalOutboxMessage(alice.id, randomUUID())).toBeNull();
  });
});

describe("formatAddress", () => {
  it("quotes display names with specials and drops line breaks", () => {
    expect(formatAddress({ name: "Sam Rivera", address: "sam@example.com" })).toBe(
      "Sam Rivera <sam@example.com>",
    );
    expect(formatAddress({ name: 'Sam "The Agent" Jr.', address: "s@e.com" })).toBe(
      '"Sam \\"The Agent\\" Jr." <s@e.com>',
    );
    expect(formatAddress({ name: "Evil\r\nBcc: x@y.z", address: "s@e.com" })).toBe(
      '"Evil Bcc: x@y.z" <s@e.com>',
    );
    expect(formatAddress({ name: " ", address: "s@e.com" })).toBe("s@e.com");
  });
});
