import { abandonInactiveCycles } from "@/lib/campaigns/poller/abandon-inactive-cycles";
import {
  advanceDataGathered,
  advanceHomeReportWritten,
} from "@/lib/campaigns/poller/advance-gathered-campaigns";
import { nudgeStuckCampaigns } from "@/lib/campaigns/poller/nudge-stuck-campaigns";
import { pauseUnpaidCycles } from "@/lib/campaigns/poller/pause-unpaid-cycles";
import type { PollContext } from "@/lib/campaigns/poller/poll-context";
import { promoteReadyEmails } from "@/lib/campaigns/poller/promote-ready-emails";
import { startDueCycles } from "@/lib/campaigns/poller/start-due-cycles";

export type PollResult = {
  abandoned: number;
  pausedForBilling: number;
  started: number;
  dataGathered: number;
  cyclesFailed: number;
  reportsWritten: number;
  promoted: number;
  nudged: number;
  ms: number;
};

/**
 * One tick of the campaign status poller (DESIGN.md §4): every forward transition the poller owns,
 * then the stuck-campaign recovery. Safe to run from several processes at once: every move is a
 * compare-and-set, and the due-cycle scan skips rows another poller holds.
 */
export async function pollCampaigns(ctx: PollContext): Promise<PollResult> {
  const started = performance.now();
  const abandoned = await abandonInactiveCycles(ctx);
  const pausedForBilling = await pauseUnpaidCycles(ctx);
  const cycles = await startDueCycles(ctx);
  const data = await advanceDataGathered(ctx);
  const reports = await advanceHomeReportWritten(ctx);
  const promoted = await promoteReadyEmails(ctx);
  const nudged = await nudgeStuckCampaigns(ctx);
  return {
    abandoned,
    pausedForBilling,
    started: cycles,
    dataGathered: data.advanced,
    cyclesFailed: data.failed,
    reportsWritten: reports,
    promoted,
    nudged,
    ms: Math.round(performance.now() - started),
  };
}
