import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import type { PollContext } from "@/lib/campaigns/poller/poll-context";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { STEPS, type StepName } from "./measure-poller";

/**
 * EXPLAIN (ANALYZE, BUFFERS) of every query a poller tick reads with, exactly as the app sends it:
 * each step runs once through a Prisma client with query logging, and every SELECT it sent (raw SQL
 * and the SQL Prisma generated for `findMany`) is explained with the same parameters. The step that
 * locks rows (FOR UPDATE SKIP LOCKED) is explained inside a transaction that is rolled back.
 */

export type ExplainedQuery = {
  step: StepName;
  sql: string;
  params: unknown[];
  plan: string;
  executionMs: number;
  indexes: string[];
  seqScans: string[];
  rowsRead: number;
  rowsReturned: number;
};

/** Runs each step with a logging client (moving nothing: call it when no step has work). */
export async function captureStepQueries(
  databaseUrl: string,
  makeContext: () => PollContext,
): Promise<{ step: StepName; sql: string; params: unknown[] }[]> {
  const client = new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl }),
    log: [{ emit: "event", level: "query" }],
  });
  const captured: { step: StepName; sql: string; params: unknown[] }[] = [];
  let current: StepName = "abandonInactiveCycles";
  client.$on("query", (event) => {
    if (/^\s*(SELECT|WITH)\b/i.test(event.query)) {
      captured.push({ step: current, sql: event.query, params: JSON.parse(event.params) as unknown[] });
    }
  });
  try {
    for (const [name, step] of Object.entries(STEPS) as [
      StepName,
      (ctx: PollContext) => Promise<unknown>,
    ][]) {
      current = name;
      await step({ ...makeContext(), db: client });
    }
  } finally {
    await client.$disconnect();
  }
  return captured;
}

export async function explainQueries(
  db: pg.Client,
  queries: { step: StepName; sql: string; params: unknown[] }[],
): Promise<ExplainedQuery[]> {
  const explained: ExplainedQuery[] = [];
  for (const query of queries) {
    const locks = /\bFOR\s+UPDATE\b/i.test(query.sql);
    if (locks) await db.query("BEGIN");
    try {
      const text = await db.query<{ "QUERY PLAN": string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`,
        query.params,
      );
      const json = await db.query<{ "QUERY PLAN": [{ Plan: PlanNode; "Execution Time": number }] }>(
        `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${query.sql}`,
        query.params,
      );
      const root = json.rows[0]?.["QUERY PLAN"][0];
      if (!root) throw new Error(`no plan for ${query.sql}`);
      const nodes = flatten(root.Plan);
      // Nodes that read table rows (a Bitmap Index Scan only feeds its Bitmap Heap Scan).
      const scans = nodes.filter((n) => n["Relation Name"]);
      explained.push({
        ...query,
        plan: text.rows.map((r) => r["QUERY PLAN"]).join("\n"),
        executionMs: root["Execution Time"],
        indexes: unique(
          nodes.flatMap((n) => (n["Index Name"] ? [`${n["Node Type"]} ${n["Index Name"]}${notRun(n)}`] : [])),
        ),
        seqScans: unique(
          nodes.filter((n) => n["Node Type"] === "Seq Scan").map((n) => `${n["Relation Name"]}${notRun(n)}`),
        ),
        rowsRead: scans.reduce(
          (sum, n) =>
            sum + (n["Actual Rows"] + (n["Rows Removed by Filter"] ?? 0)) * (n["Actual Loops"] ?? 1),
          0,
        ),
        rowsReturned: root.Plan["Actual Rows"],
      });
    } finally {
      if (locks) await db.query("ROLLBACK");
    }
  }
  return explained;
}

type PlanNode = {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows": number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
};

/** Plan nodes the executor never reached (a join whose other side found nothing). */
function notRun(node: PlanNode): string {
  return node["Actual Loops"] === 0 ? " (not executed)" : "";
}

function flatten(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
