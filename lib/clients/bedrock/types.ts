/**
 * A chat with one Bedrock model through the Converse API, reduced to what the writers need: a system
 * prompt and alternating turns in, the reply's text, why it stopped and the tokens billed out.
 */

export type ChatTurn = { role: "user" | "assistant"; text: string };

export type ChatRequest = {
  system: string;
  turns: ChatTurn[];
  maxTokens: number;
  temperature: number;
};

export type ChatReply = {
  /** The reply's text blocks joined; "" when the model returned none. */
  text: string;
  /** Converse `stopReason`: end_turn, max_tokens, stop_sequence, guardrail_intervened, content_filtered… */
  stopReason: string;
  inputTokens: number;
  outputTokens: number;
  modelId: string;
};

export interface ChatModel {
  readonly modelId: string;
  /** Rejects with a BedrockCallError once the SDK's retries are spent or the call timed out. */
  converse(request: ChatRequest): Promise<ChatReply>;
}

/**
 * Why a call failed, in words an agent's campaign page can show. `retryable` says whether trying
 * again later (SQS redelivery) may help: throttling, timeouts and 5xx may; a refused request, a
 * missing model or denied access will not, so the caller falls back to the built-in writer at once.
 */
export class BedrockCallError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "BedrockCallError";
  }
}
