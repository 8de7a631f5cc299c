import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import pLimit from "p-limit";
import {
  BedrockCallError,
  type ChatModel,
  type ChatReply,
  type ChatRequest,
} from "@/lib/clients/bedrock/types";
import type { BedrockConfig } from "@/lib/env";

/** Added to a call's deadline for the SDK's backoff between attempts. */
const BACKOFF_ALLOWANCE_MS = 5_000;

/** Errors worth another try later (SQS redelivery) once the SDK's own retries are spent. */
const RETRYABLE = new Set([
  "ThrottlingException",
  "ServiceQuotaExceededException",
  "ModelNotReadyException",
  "ModelTimeoutException",
  "ServiceUnavailableException",
  "InternalServerException",
  "TimeoutError",
  "AbortError",
]);

/**
 * The Converse API of one Bedrock model (DESIGN.md §1: the AI writer), with:
 * - retries with backoff: the SDK's standard retry mode (`maxAttempts`), which backs off exponentially
 *   with jitter and waits longer after a ThrottlingException;
 * - timeouts: each attempt's HTTP/2 request (`timeoutMs`) and the whole call, all attempts included;
 * - a concurrency cap: at most `maxConcurrency` calls of this process in flight, the rest queue.
 * It speaks HTTP/2 (the SDK's default for Bedrock Runtime), so a local test server must too.
 */
export function createBedrockChatModel(config: BedrockConfig): ChatModel & { destroy(): void } {
  const client = new BedrockRuntimeClient({
    region: config.region,
    endpoint: config.endpoint,
    credentials: config.credentials,
    maxAttempts: config.maxAttempts,
    retryMode: "standard",
    requestHandler: { requestTimeout: config.timeoutMs },
  });
  const limit = pLimit(config.maxConcurrency);
  const deadlineMs = config.timeoutMs * config.maxAttempts + BACKOFF_ALLOWANCE_MS;

  const call = async (request: ChatRequest): Promise<ChatReply> => {
    const response = await client
      .send(
        new ConverseCommand({
          modelId: config.modelId,
          system: [{ text: request.system }],
          messages: request.turns.map((turn) => ({ role: turn.role, content: [{ text: turn.text }] })),
          inferenceConfig: { maxTokens: request.maxTokens, temperature: request.temperature },
        }),
        { abortSignal: AbortSignal.timeout(deadlineMs) },
      )
      .catch((error: unknown) => {
        throw describeFailure(error, config, deadlineMs);
      });
    const text = (response.output?.message?.content ?? [])
      .map((block) => block.text ?? "")
      .join("")
      .trim();
    return {
      text,
      stopReason: response.stopReason ?? "unknown",
      inputTokens: response.usage?.inputTokens ?? 0,
      outputTokens: response.usage?.outputTokens ?? 0,
      modelId: config.modelId,
    };
  };

  return {
    modelId: config.modelId,
    converse: (request) => limit(() => call(request)),
    destroy: () => client.destroy(),
  };
}

function describeFailure(error: unknown, config: BedrockConfig, deadlineMs: number): BedrockCallError {
  const name = error instanceof Error ? error.name : "Error";
  const detail = error instanceof Error ? error.message : String(error);
  const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts;
  const tries = attempts && attempts > 1 ? ` after ${attempts} attempts` : "";
  let message: string;
  if (name === "ThrottlingException" || name === "ServiceQuotaExceededException") {
    message = `Bedrock throttled the request${tries} (${name}: ${detail})`;
  } else if (name === "TimeoutError" || name === "AbortError") {
    message = `Bedrock did not answer in time (${config.timeoutMs} ms per attempt, ${deadlineMs} ms in all)${tries}`;
  } else if (name === "ResourceNotFoundException" || name === "AccessDeniedException") {
    message = `Bedrock refused model ${config.modelId} (${name}: ${detail}); check BEDROCK_MODEL_ID and the IAM policy`;
  } else {
    message = `Bedrock call failed${tries} (${name}: ${detail})`;
  }
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const retryable = RETRYABLE.has(name) || (status !== undefined && status >= 500);
  return new BedrockCallError(message, retryable, name, { cause: error });
}
