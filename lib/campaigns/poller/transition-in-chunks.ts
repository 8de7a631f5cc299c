import type { PollContext } from "@/lib/campaigns/poller/poll-context";
import { type TransitionRequest, transitionCampaigns } from "@/lib/campaigns/transition-campaign";

/** Transitions per transaction: few enough that a slow chunk locks few rows and loses little. */
const TRANSITIONS_PER_TRANSACTION = 100;
/** Room for a slow, loaded machine; a timed-out chunk is rolled back whole and retried next tick. */
export const POLLER_TRANSACTION_OPTIONS = { timeout: 30_000, maxWait: 10_000 };

/**
 * Applies the poller's transitions a chunk per transaction (transitionCampaigns: one compare-and-set
 * UPDATE and three inserts per chunk). Returns, per request and in order, the new cycle or null
 * when another process moved the campaign first.
 */
export async function transitionInChunks(
  ctx: PollContext,
  requests: readonly TransitionRequest[],
): Promise<(number | null)[]> {
  const results: (number | null)[] = [];
  for (let start = 0; start < requests.length; start += TRANSITIONS_PER_TRANSACTION) {
    const chunk = requests.slice(start, start + TRANSITIONS_PER_TRANSACTION);
    results.push(
      ...(await ctx.db.$transaction((tx) => transitionCampaigns(tx, chunk), POLLER_TRANSACTION_OPTIONS)),
    );
  }
  return results;
}
