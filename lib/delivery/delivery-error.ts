/**
 * How a provider refused a message, which decides what the sender does next:
 * - `transient`: try again later (429, 5xx, network). `ambiguous` when the provider may have accepted
 *   the message anyway (a timeout or 5xx after the request went out): the email is then reconciled
 *   with the provider before any new attempt, never simply sent again.
 * - `permanent`: this message will never be accepted (invalid or inactive recipient): the email is
 *   marked FAILED with the reason, which the agent sees.
 * - `gmail-revoked`: the agent's Gmail grant no longer works (revoked, expired, scope removed):
 *   nothing was sent; the connection is marked REVOKED and the email goes through Postmark.
 */

export type DeliveryErrorKind = "transient" | "permanent" | "gmail-revoked";

export class DeliveryError extends Error {
  readonly ambiguous: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly kind: DeliveryErrorKind,
    message: string,
    options: { ambiguous?: boolean; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message);
    this.name = "DeliveryError";
    this.ambiguous = options.ambiguous ?? false;
    this.retryAfterMs = options.retryAfterMs;
    // Not enumerable: the provider's error carries the request (message bodies, tokens in headers),
    // which must not reach the logs. Its stack is kept.
    Object.defineProperty(this, "cause", { value: summarize(options.cause), enumerable: false });
  }
}

/** Network failures: `ambiguous` unless the connection was refused outright (nothing was sent). */
export function networkDeliveryError(provider: string, error: unknown): DeliveryError | undefined {
  const code = errorCode(error);
  if (!code) return undefined;
  const refused = code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
  const known =
    refused || ["ECONNRESET", "ETIMEDOUT", "EPIPE", "UND_ERR_SOCKET", "ECONNABORTED"].includes(code);
  if (!known) return undefined;
  return new DeliveryError("transient", `${provider} could not be reached (${code})`, {
    ambiguous: !refused,
    cause: error,
  });
}

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The provider error without its request: name, message, status and stack only. */
function summarize(cause: unknown): Error | undefined {
  if (!(cause instanceof Error)) return cause === undefined ? undefined : new Error(String(cause));
  const summary = new Error(cause.message);
  summary.name = cause.name;
  summary.stack = cause.stack;
  return summary;
}
