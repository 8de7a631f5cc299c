import pRetry from "p-retry";
import { DeliveryError } from "@/lib/delivery/delivery-error";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "@/lib/delivery/send-time-budget";
import type { MailTransport, OutgoingMessage, SendResult } from "@/lib/delivery/types";
import type { Logger } from "@/lib/logger";

/**
 * One send with in-process retries of transient refusals (429, a Gmail 5xx, a refused connection, a
 * request that timed out before it was completely sent), with exponential backoff (p-retry); each
 * attempt is bounded by the transport's timeout, and the whole stays within the lease
 * (send-time-budget.ts). Ambiguous failures are not retried here:
 * the provider may have accepted the message, so the caller must reconcile before any new attempt.
 * Permanent refusals and revoked Gmail grants are not retried either. A provider's Retry-After longer
 * than `maxWaitMs` is not waited out in process: the caller defers the message instead.
 */

export async function sendWithRetries(
  transport: MailTransport,
  message: OutgoingMessage,
  log: Logger,
  options: {
    policy?: RetryPolicy;
    /**
     * Runs after the backoff and right before each retry; it throws (anything but a DeliveryError)
     * to stop: the sender re-checks that the email may still go out.
     */
    beforeRetry?: () => Promise<void>;
  } = {},
): Promise<SendResult> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  return pRetry(
    async (attemptNumber) => {
      if (attemptNumber > 1) await options.beforeRetry?.();
      try {
        return await transport.send(message);
      } catch (error) {
        throw error instanceof DeliveryError
          ? error
          : new DeliveryError("transient", String(error), { ambiguous: true, cause: error });
      }
    },
    {
      retries: policy.retries,
      minTimeout: policy.minTimeoutMs,
      factor: 2,
      randomize: true,
      shouldRetry: ({ error }) => {
        if (!(error instanceof DeliveryError) || error.kind !== "transient" || error.ambiguous) return false;
        return (error.retryAfterMs ?? 0) <= policy.maxWaitMs;
      },
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
        if (!(error instanceof DeliveryError)) return; // beforeRetry stopped it: nothing was refused
        log.warn(
          { err: error, provider: transport.name, attemptNumber, retriesLeft, messageId: message.messageId },
          "provider refused the message",
        );
        const retryAfterMs = error instanceof DeliveryError ? error.retryAfterMs : undefined;
        if (retryAfterMs && retryAfterMs <= policy.maxWaitMs && retriesLeft > 0) {
          await new Promise((resolve) => setTimeout(resolve, retryAfterMs));
        }
      },
    },
  );
}
