import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBedrockChatModel } from "@/lib/clients/bedrock/bedrock-chat-model";
import { BedrockCallError } from "@/lib/clients/bedrock/types";
import type { BedrockConfig } from "@/lib/env";
import { type ConverseServer, reply, startConverseServer } from "@/test/bedrock/converse-server";

const MODEL = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
let server: ConverseServer;

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  server = await startConverseServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

function model(overrides: Partial<BedrockConfig> = {}) {
  return createBedrockChatModel({
    modelId: MODEL,
    region: "us-east-1",
    endpoint: server.endpoint,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 3,
    timeoutMs: 2_000,
    maxConcurrency: 4,
    ...overrides,
  });
}

const request = {
  system: "You write short notes.",
  turns: [{ role: "user" as const, text: "Say hello." }],
  maxTokens: 200,
  temperature: 0.5,
};

describe("Bedrock chat model (Converse over HTTP/2)", () => {
  it("sends the Converse request and reads the reply, stop reason and usage", async () => {
    server.enqueue(reply.text("Hello there.", { inputTokens: 321, outputTokens: 7 }));
    const chat = model();
    const out = await chat.converse(request);
    chat.destroy();
    expect(out).toEqual({
      text: "Hello there.",
      stopReason: "end_turn",
      inputTokens: 321,
      outputTokens: 7,
      modelId: MODEL,
    });
    expect(server.requests).toHaveLength(1);
    const sent = server.requests[0];
    expect(sent?.modelId).toBe(MODEL);
    expect(sent?.body.system).toEqual([{ text: "You write short notes." }]);
    expect(sent?.body.messages).toEqual([{ role: "user", content: [{ text: "Say hello." }] }]);
    expect(sent?.body.inferenceConfig).toEqual({ maxTokens: 200, temperature: 0.5 });
  });

  it("retries with backoff after a ThrottlingException, then succeeds", async () => {
    server.enqueue(reply.throttled(), reply.throttled(), reply.text("Finally."));
    const chat = model();
    const out = await chat.converse(request);
    chat.destroy();
    expect(out.text).toBe("Finally.");
    expect(server.requests).toHaveLength(3);
  });

  it("gives up after maxAttempts throttles with a retryable error that says so", async () => {
    server.enqueue(reply.throttled(), reply.throttled());
    const chat = model({ maxAttempts: 2 });
    const error = await chat.converse(request).catch((e: unknown) => e);
    chat.destroy();
    expect(error).toBeInstanceOf(BedrockCallError);
    expect((error as BedrockCallError).retryable).toBe(true);
    expect((error as BedrockCallError).code).toBe("ThrottlingException");
    expect((error as Error).message).toMatch(/throttled the request after 2 attempts/);
    expect(server.requests).toHaveLength(2);
  });

  it("times out a model that does not answer", async () => {
    server.setFallback(reply.hang());
    const chat = model({ maxAttempts: 1, timeoutMs: 300 });
    const startedAt = Date.now();
    const error = await chat.converse(request).catch((e: unknown) => e);
    chat.destroy();
    server.setFallback(reply.text("(no reply queued)"));
    expect(Date.now() - startedAt).toBeLessThan(6_000);
    expect(error).toBeInstanceOf(BedrockCallError);
    expect((error as BedrockCallError).retryable).toBe(true);
    expect((error as Error).message).toMatch(/did not answer in time/);
  });

  it("does not retry a refused request and marks it not retryable", async () => {
    server.enqueue(reply.error(400, "ValidationException", "The provided model identifier is invalid."));
    const chat = model();
    const error = await chat.converse(request).catch((e: unknown) => e);
    chat.destroy();
    expect(server.requests).toHaveLength(1);
    expect((error as BedrockCallError).retryable).toBe(false);
    expect((error as Error).message).toMatch(/ValidationException: The provided model identifier is invalid/);
  });

  it("caps the calls in flight at maxConcurrency", async () => {
    server.setFallback({ kind: "slow", ms: 150, reply: reply.text("ok") });
    const chat = model({ maxConcurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, () => chat.converse(request)));
    chat.destroy();
    server.setFallback(reply.text("(no reply queued)"));
    expect(server.requests).toHaveLength(6);
    expect(server.load.peak).toBe(2);
  });
});
