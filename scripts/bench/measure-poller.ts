import type pg from "pg";
import { abandonInactiveCycles } from "@/lib/campaigns/poller/abandon-inactive-cycles";
import {
  advanceDataGathered,
  advanceHomeReportWritten,
} from "@/lib/campaigns/poller/advance-gathered-campaigns";
import { nudgeStuckCampaigns } from "@/lib/campaigns/poller/nudge-stuck-campaigns";
import { pollCampaigns } from "@/lib/campaigns/poller/poll-campaigns";
import type { PollContext } from "@/lib/campaigns/poller/poll-context";
import { promoteReadyEmails } from "@/lib/campaigns/poller/promote-ready-emails";
import { startDueCycles } from "@/lib/campaigns/poller/start-due-cycles";
import { countCampaigns, resetToDormant, seedWaitingForSendTime, vacuumAnalyze } from "./seed-bench-data";

/**
 * Phase B: the time of one poller tick (`pollCampaigns`, in this process, through the app's Prisma
 * client) on a large table, in turn: nothing due and nothing in flight (the scenario); the
 * steady state of a live system, with lead ÷ 30 days of the campaigns waiting for their send time;
 * one tick right after 500 campaigns became due (its cost is the 500 transitions it writes); and
 * ticks while those 500 wait for their data. Ticks with nothing to move are what the poller runs all
 * day, and they must not grow with the table.
 */

export const STEPS = {
  abandonInactiveCycles,
  startDueCycles,
  advanceDataGathered,
  advanceHomeReportWritten,
  promoteReadyEmails,
  nudgeStuckCampaigns,
} as const;
export type StepName = keyof typeof STEPS;

export type TickStats = { median: number; p95: number; max: number; samples: number };
export type PollerMeasurement = {
  rows: number;
  /** Nothing due, nothing in flight: the scenario. */
  idle: TickStats;
  idleSteps: Record<StepName, number>;
  /** Campaigns moved to READY_TO_CREATE_EMAIL with an email waiting for its send time. */
  waiting: number;
  /** Nothing due either, with those `waiting` campaigns: what a live system's idle tick sees. */
  steady: TickStats;
  steadySteps: Record<StepName, number>;
  /** One tick right after `due` campaigns became due; `error` when the tick failed. */
  burst: { due: number; started: number; ms: number; error?: string };
  /** Idle ticks while the burst's campaigns sit in WAITING_FOR_DATA (a normal busy moment). */
  inFlight: TickStats | undefined;
};

const WARMUP_TICKS = 5;
const MEASURED_TICKS = 20;
export const BURST = 500;
const DAYS_BETWEEN_EMAILS = 30;

export async function measurePoller(
  db: pg.Client,
  makeContext: () => PollContext,
  hooks: {
    /** Called in the steady state with nothing due (a logging client may run the steps then). */
    whenIdle?: () => Promise<void>;
    /** Called at a busy moment: 500 campaigns due and, when the burst tick worked, 500 in flight. */
    whenBusy?: () => Promise<void>;
  } = {},
): Promise<PollerMeasurement> {
  const rows = await countCampaigns(db);
  const idle = await timeTicks(makeContext);
  const idleSteps = await timeSteps(makeContext);

  const leadHours = makeContext().pipeline.prepareLeadHours;
  const waiting = await seedWaitingForSendTime(db, leadHours / (DAYS_BETWEEN_EMAILS * 24), leadHours);
  await vacuumAnalyze(db);
  const steady = await timeTicks(makeContext);
  const steadySteps = await timeSteps(makeContext);
  await hooks.whenIdle?.();

  await makeDue(db, BURST);
  const burstStarted = performance.now();
  let burst: PollerMeasurement["burst"];
  try {
    const tick = await pollCampaigns(makeContext());
    burst = { due: BURST, started: tick.started, ms: performance.now() - burstStarted };
  } catch (error) {
    // Reported, not fatal: how the poller copes with a burst is one of the things measured.
    const message = error instanceof Error ? error.message : String(error);
    burst = {
      due: BURST,
      started: 0,
      ms: performance.now() - burstStarted,
      error: message.trim().split("\n").at(-1),
    };
  }

  const inFlight = burst.error ? undefined : await timeTicks(makeContext);
  if (!burst.error) await makeDue(db, BURST);
  await hooks.whenBusy?.();
  await resetToDormant(db);
  return { rows, idle, idleSteps, waiting, steady, steadySteps, burst, inFlight };
}

async function timeTicks(makeContext: () => PollContext): Promise<TickStats> {
  const samples: number[] = [];
  for (let i = 0; i < WARMUP_TICKS + MEASURED_TICKS; i++) {
    const started = performance.now();
    const result = await pollCampaigns(makeContext());
    const ms = performance.now() - started;
    const { ms: _ms, ...moved } = result;
    if (Object.values(moved).some((count) => count > 0)) {
      throw new Error(`a tick that should find nothing to do moved campaigns: ${JSON.stringify(result)}`);
    }
    if (i >= WARMUP_TICKS) samples.push(ms);
  }
  return stats(samples);
}

/** The median time of each step of the tick, to see which query costs what. */
async function timeSteps(makeContext: () => PollContext): Promise<Record<StepName, number>> {
  const result = {} as Record<StepName, number>;
  for (const [name, step] of Object.entries(STEPS) as [StepName, (ctx: PollContext) => Promise<unknown>][]) {
    const samples: number[] = [];
    for (let i = 0; i < WARMUP_TICKS + MEASURED_TICKS; i++) {
      const started = performance.now();
      await step(makeContext());
      if (i >= WARMUP_TICKS) samples.push(performance.now() - started);
    }
    result[name] = stats(samples).median;
  }
  return result;
}

/** Makes `count` random enabled dormant campaigns due a minute ago. */
export async function makeDue(db: pg.Client, count: number): Promise<void> {
  await db.query(
    `UPDATE "Campaign" SET "nextSendDate" = now() - interval '1 minute'
     WHERE id IN (SELECT id FROM "Campaign" TABLESAMPLE SYSTEM (1)
       WHERE status = 'DORMANT' AND enabled AND "unsubscribedAt" IS NULL AND "nextSendDate" > now()
       LIMIT $1)`,
    [count],
  );
}

function stats(samples: number[]): TickStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? 0, samples: sorted.length };
}
