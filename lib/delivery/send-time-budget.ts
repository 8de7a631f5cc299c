/**
 * How long one homeowner send can take at worst, so that it always ends well inside the sender's
 * lease (SEND_LEASE_SECONDS): an email still in flight must never be taken over and reconciled by
 * another sender. lib/env.ts refuses a configuration where it would not (checked at start-up).
 * No imports: lib/env.ts uses it.
 */

/** In-process retries of a refused attempt (send-with-retries.ts). */
export type RetryPolicy = {
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff; doubles per retry, times a random factor in [1, 2) (p-retry's `randomize`). */
  minTimeoutMs: number;
  /** A provider's Retry-After up to this long is waited out in process; longer ones defer the email. */
  maxWaitMs: number;
};

/**
 * Google's guidance for Gmail API errors (developers.google.com/workspace/gmail/api/guides/handle-errors):
 * 429 and 5xx (500, 502, 503, 504) are retried with exponential backoff starting at about a second.
 * SEND_RETRIES, SEND_RETRY_MIN_MS and SEND_RETRY_MAX_WAIT_MS change it (tests with a short lease).
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, minTimeoutMs: 1_000, maxWaitMs: 10_000 };

export type SendTimeouts = { gmailTimeoutMs: number; postmarkTimeoutMs: number };

/** The longest all retries of one send can wait between attempts (backoff and Retry-After). */
export function worstWaitMs(policy: RetryPolicy): number {
  let total = 0;
  for (let retry = 0; retry < policy.retries; retry++) {
    total += policy.maxWaitMs + 2 * policy.minTimeoutMs * 2 ** retry;
  }
  return total;
}

/**
 * The worst case of one send: every Gmail attempt timing out (the first one also refreshing the
 * access token, bounded by the same timeout), or one Gmail attempt refused for a revoked grant and
 * then every Postmark attempt of the fallback timing out.
 */
export function worstSendMs(timeouts: SendTimeouts, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const attempts = policy.retries + 1;
  const gmailOnly = (attempts + 1) * timeouts.gmailTimeoutMs + worstWaitMs(policy);
  const withFallback =
    2 * timeouts.gmailTimeoutMs + attempts * timeouts.postmarkTimeoutMs + worstWaitMs(policy);
  return Math.max(gmailOnly, withFallback);
}

/** A problem to refuse start-up with, or null when the worst send takes at most half the lease. */
export function sendLeaseProblem(
  leaseMs: number,
  timeouts: SendTimeouts,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): string | null {
  const worst = worstSendMs(timeouts, policy);
  if (worst <= leaseMs / 2) return null;
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  return (
    `SEND_LEASE_SECONDS (${seconds(leaseMs)}) must be at least twice the longest send ` +
    `(${seconds(worst)}: ${policy.retries + 1} attempts of GMAIL_TIMEOUT_MS ${seconds(timeouts.gmailTimeoutMs)} ` +
    `or, after a Gmail refusal, POSTMARK_TIMEOUT_MS ${seconds(timeouts.postmarkTimeoutMs)}, plus up to ` +
    `${seconds(worstWaitMs(policy))} of backoff): raise the lease or lower the timeouts`
  );
}
