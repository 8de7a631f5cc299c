import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import type { ExplainedQuery } from "./explain-poller";
import type { PollerMeasurement, StepName, TickStats } from "./measure-poller";
import type { EndToEndResult } from "./run-end-to-end";

/** The benchmark's console summary against issue 3's targets, and docs/poller-query-plans.md. */

export const TARGETS = { campaignsPerSecond: 100, tickMs: 50, tickAtRows: 1_000_000, workerRssMb: 300 };

/** `inFlight`: whether 500 campaigns started by the burst tick were waiting for data at the time. */
export type PlanCapture = {
  rows: Record<string, number>;
  /** Email rows by status. */
  emails: Record<string, number>;
  explained: ExplainedQuery[];
  inFlight: boolean;
};
type Load = { loadBefore: number[]; loadAfter: number[] };

const n = (value: number) => value.toLocaleString("en-US");
const ms = (value: number) => `${value.toFixed(1)} ms`;
const verdict = (ok: boolean) => (ok ? "MET" : "MISSED");
const loads = (load: number[]) => load.map((l) => l.toFixed(2)).join(" ");

function cpuLine(e: EndToEndResult): string {
  const per = (seconds: number) => `${((seconds * 1000) / e.campaigns).toFixed(1)} ms`;
  const { worker, postgres, fauxqs, benchmark } = e.cpuSeconds;
  const total = worker + postgres + fauxqs;
  const cap = (cpus().length * e.campaigns) / total;
  const workerCore = (100 * worker) / e.seconds / e.workers;
  return (
    `worker ${per(worker)}, PostgreSQL ${per(postgres)}, fauxqs ${per(fauxqs)} = ${per(total)} ` +
    `(benchmark's own polling ${per(benchmark)}); ${cpus().length} idle cores could do at most ~${cap.toFixed(0)} campaigns/s at that cost.\n` +
    `  Each worker kept ${workerCore.toFixed(0)} % of one core busy (Node runs its JavaScript on one), ` +
    `so one worker process tops out near ${((e.campaigns * e.workers) / worker).toFixed(0)} campaigns/s.`
  );
}

/** Prints the summary; returns problems that make the run invalid (not missed targets). */
export function printSummary(
  result: { endToEnd?: EndToEndResult; poller: PollerMeasurement[] } & Load,
): string[] {
  const problems: string[] = [];
  const out: string[] = [
    "",
    "═══ Dripr pipeline benchmark ═══",
    `${cpus().length} CPUs; load average (1/5/15 min) before ${loads(result.loadBefore)}, after ${loads(result.loadAfter)}`,
  ];
  const e = result.endToEnd;
  if (e) {
    out.push(
      "",
      `End to end: ${n(e.campaigns)} campaigns, ${e.workers === 1 ? "one worker process" : `${e.workers} worker processes`} (WORKER_PROCESSES=${e.processesSetting}, under the supervisor), local providers`,
      `  worker spawn → last email sent   ${e.seconds.toFixed(1).padStart(7)} s   ${e.perSecond.toFixed(0).padStart(5)} campaigns/s   target ≥ ${TARGETS.campaignsPerSecond}/s: ${verdict(e.perSecond >= TARGETS.campaignsPerSecond)}`,
      `  first cycle start → last sent    ${e.pipelineSeconds.toFixed(1).padStart(7)} s   ${e.pipelinePerSecond.toFixed(0).padStart(5)} campaigns/s   (worker start-up excluded)`,
      `  worker peak RSS                  ${e.peakHwmMb.toFixed(0).padStart(7)} MB  (largest process; VmHWM; highest 200 ms sample ${e.peakRssMb.toFixed(0)} MB)   target < ${TARGETS.workerRssMb} MB: ${verdict(e.peakHwmMb < TARGETS.workerRssMb)}`,
      `  worker RSS once started          ${e.startedRssMb.toFixed(0).padStart(7)} MB  (when the first cycle started; ${e.workerBuild === "tsx" ? "workers under tsx" : "the bundle, as in the image"}); supervisor peak ${e.supervisorHwmMb.toFixed(0)} MB`,
      `  emails created / homeowner emails sent: ${n(e.emails)} / ${n(e.homeownerMessages)}`,
      `  CPU per campaign: ${cpuLine(e)}`,
    );
    if (e.emails !== e.campaigns || e.homeownerMessages !== e.campaigns) {
      problems.push(
        `expected ${e.campaigns} emails each sent once, got ${e.emails} emails and ${e.homeownerMessages} sends`,
      );
    }
  }
  if (result.poller.length > 0) {
    const cell = (t: TickStats | undefined) => (t ? `${ms(t.median)} / ${ms(t.p95)}` : "—").padStart(19);
    out.push(
      "",
      "Poller tick, pollCampaigns in process (5 warm-up ticks, then 20 measured; median / p95)",
      "  campaigns         nothing due   steady state (waiting)   500 due: one tick    500 in flight",
    );
    for (const m of result.poller) {
      const burst = `${m.burst.ms.toFixed(0)} ms (${m.burst.error ? "FAILED" : `${m.burst.started} started`})`;
      out.push(
        `  ${n(m.rows).padStart(9)}  ${cell(m.idle)}  ${cell(m.steady)} (${n(m.waiting).padStart(6)})  ${burst.padStart(19)}  ${cell(m.inFlight)}`,
      );
    }
    for (const m of result.poller) {
      if (m.burst.error) out.push(`  the 500-due tick at ${n(m.rows)} campaigns FAILED: ${m.burst.error}`);
    }
    const steps = Object.keys(result.poller[0]?.idleSteps ?? {}) as StepName[];
    out.push(
      `  median per step (nothing due | steady state) at ${result.poller.map((m) => n(m.rows)).join(", ")} campaigns:`,
    );
    for (const step of steps) {
      const cells = result.poller.map((m) =>
        `${ms(m.idleSteps[step])} | ${ms(m.steadySteps[step])}`.padStart(20),
      );
      out.push(`    ${step.padEnd(26)}${cells.join("")}`);
    }
    const atTarget = result.poller.find((m) => m.rows >= TARGETS.tickAtRows);
    if (atTarget) {
      out.push(
        `  target: tick < ${TARGETS.tickMs} ms at ${n(TARGETS.tickAtRows)} campaigns, nothing due: median ${verdict(atTarget.idle.median < TARGETS.tickMs)}, p95 ${verdict(atTarget.idle.p95 < TARGETS.tickMs)}`,
        `          the same in the steady state:                    median ${verdict(atTarget.steady.median < TARGETS.tickMs)}, p95 ${verdict(atTarget.steady.p95 < TARGETS.tickMs)}`,
      );
    } else {
      out.push(
        `  target: tick < ${TARGETS.tickMs} ms at ${n(TARGETS.tickAtRows)} campaigns: not measured (add it to --sizes)`,
      );
    }
  }
  for (const problem of problems) out.push(`ERROR: ${problem}`);
  console.log(out.join("\n"));
  return problems;
}

/** What each step's query is for and the plan it should get (the measured plan follows it). */
const READING: Record<StepName, string> = {
  abandonInactiveCycles:
    "Campaigns disabled or unsubscribed in the middle of a cycle. Expected: a BitmapOr of " +
    "Campaign(status, enabled, …) for `status IN (working) AND NOT enabled` and " +
    "Campaign(status, unsubscribedAt) for `… AND unsubscribedAt IS NOT NULL`: only such campaigns " +
    "are read, not every campaign in a working status.",
  startDueCycles:
    "Dormant campaigns whose cycle start is due, locked FOR UPDATE SKIP LOCKED, 20 per transaction. " +
    "Expected: a range scan of Campaign(status, nextSendDate) up to now + lead in nextSendDate order, " +
    "stopped by the LIMIT; the agent by primary key. Disabled campaigns have no nextSendDate, so " +
    "campaigns that are not due are never read.",
  advanceDataGathered:
    "Campaigns in WAITING_FOR_DATA whose data artifacts are all finished. Expected: those campaigns " +
    "through an index led by status, their artifacts through CampaignArtifact(campaignId, cycle, kind). " +
    "It reads every campaign waiting for data and its five artifacts: the cost follows the campaigns " +
    "in flight, not the table.",
  advanceHomeReportWritten:
    "Campaigns in WAITING_FOR_HOME_ANALYSIS whose home report is finished. Expected: those campaigns " +
    "through an index led by status, each home report by CampaignArtifact(campaignId, cycle, kind) " +
    "(or, with few finished reports, the other way round through CampaignArtifact(status, updatedAt)).",
  promoteReadyEmails:
    "Campaigns whose approved email's send time has come. Expected: Email(status, scheduledSendDatetime) " +
    "for READY emails due by now, then the campaign and the agent by primary key: emails waiting " +
    "for a later send time are not read.",
  nudgeStuckCampaigns:
    "Campaigns in a working status with no progress for longer than the threshold. Expected: a " +
    "BitmapOr of two ranges of Campaign(status, enabled, emailCreationStatus, statusChangedAt): the " +
    "statuses that never wait on purpose, and READY_TO_CREATE_EMAIL with the email not yet READY. " +
    "Campaigns waiting for their send time or approval are not read.",
};

export function writePlansDoc(file: string, capture: PlanCapture, load: Load): void {
  const total = Object.values(capture.rows).reduce((sum, count) => sum + count, 0);
  const emails = Object.entries(capture.emails)
    .map(([status, count]) => `${status} ${n(count)}`)
    .join(", ");
  const lines: string[] = [
    "# Poller query plans",
    "",
    "<!-- Generated by scripts/bench/bench-pipeline.ts --write-plans; edit the script, not this file. -->",
    "",
    "Every query one poller tick (`lib/campaigns/poller/poll-campaigns.ts`) reads with, explained with",
    "`EXPLAIN (ANALYZE, BUFFERS)` on a table of a million campaigns. The SQL is exactly what the app",
    "sends: each step ran once through a Prisma client with query logging, and each SELECT it sent (raw",
    "SQL, and the SQL Prisma generated for `findMany`) was explained with the same parameters. The",
    "`FOR UPDATE SKIP LOCKED` query was explained in a transaction that was rolled back.",
    "",
    "Regenerate (phase B of the benchmark only, a few minutes on 2 cores; embedded PostgreSQL, nothing",
    "to install; the full `npm run bench:pipeline -- --write-plans` writes the same after phase A):",
    "",
    "```sh",
    "npm run bench:pipeline -- --campaigns 0 --write-plans",
    "```",
    "",
    `Table at the time: ${n(total)} campaigns — ${Object.entries(capture.rows)
      .map(([status, count]) => `${status} ${n(count)}`)
      .join(", ")}. That is the steady state of a live system plus a busy moment: the`,
    "READY_TO_CREATE_EMAIL campaigns (EMAIL_PREPARE_LEAD_HOURS ÷ 30 days of the table) have a READY email",
    `waiting for its send time in the next 48 hours (1 in 10 for approval), 500 dormant campaigns were made due a minute earlier${
      capture.inFlight
        ? ", and the 500 in WAITING_FOR_DATA, started by the previous tick, wait for their data (artifacts PENDING)"
        : ""
    }. Email: ${emails} (each campaign's email of its last cycle, sent, and the waiting ones). Load average (1/5/15 min) during the run: ${loads(load.loadBefore)} → ${loads(load.loadAfter)}.`,
    "",
    "| step | index used | seq scan | rows read | rows returned | execution |",
    "|---|---|---|---:|---:|---:|",
    ...capture.explained.map(
      (q) =>
        `| ${q.step} | ${q.indexes.map((i) => `\`${i}\``).join("<br>") || "—"} | ${q.seqScans.join(", ") || "none"} | ${n(Math.round(q.rowsRead))} | ${n(Math.round(q.rowsReturned))} | ${ms(q.executionMs)} |`,
    ),
    "",
    "Rows read counts the table rows every scan node fetched, including those its filter then removed.",
    "What to look for: rows read close to rows returned, or to the number of campaigns in flight for the",
    "two steps that look at every one of them, whatever the size of the table. Execution times are the",
    "database's alone; a tick also pays a round trip and Prisma's overhead per query, which is most of",
    "the tick times the benchmark prints.",
    "",
  ];
  for (const q of capture.explained) {
    lines.push(
      `## ${q.step}`,
      "",
      READING[q.step],
      "",
      "```sql",
      q.sql.trim(),
      "```",
      "",
      `Parameters: \`${JSON.stringify(q.params)}\``,
      "",
      "```",
      q.plan,
      "```",
      "",
    );
  }
  writeFileSync(file, lines.join("\n"));
}
