import type { PollContext } from "@/lib/campaigns/poller/poll-context";
import { type TransitionRequest, transitionCampaigns } from "@/lib/campaigns/transition-campaign";

/** Transitions per statement: few enough that a slow one locks few rows and loses little. */
const TRANSITIONS_PER_STATEMENT = 100;

/**
 * Applies the poller's transitions a chunk per statement (transitionCampaigns: the compare-and-set
 * UPDATE and its inserts in one statement, atomic on its own). Returns, per request and in order,
 * the new cycle or null when another process moved the campaign first.
 */
export async function transitionInChunks(
  ctx: PollContext,
  requests: readonly TransitionRequest[],
): Promise<(number | null)[]> {
  const results: (number | null)[] = [];
  for (let start = 0; start < requests.length; start += TRANSITIONS_PER_STATEMENT) {
    results.push(
      ...(await transitionCampaigns(ctx.db, requests.slice(start, start + TRANSITIONS_PER_STATEMENT))),
    );
  }
  return results;
}
