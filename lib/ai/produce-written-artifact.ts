import { writtenText } from "@/lib/ai/types";
import { writingArtifactProducer } from "@/lib/ai/writing-artifact-producer";
import { type ProduceOutcome, produceArtifact } from "@/lib/campaigns/artifacts/produce-artifact";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import type { CampaignStatus } from "@/lib/generated/prisma/client";
import type { Logger } from "@/lib/logger";

export const WRITER_ACTOR = "WORKER:ai";

const LABELS = { INTRO: "Intro", HOME_REPORT: "Home report" } as const;

/**
 * Runs the INTRO or HOME_REPORT job of a cycle (produceArtifact + the writer). With an AI writer
 * configured, a text produced is also recorded in the campaign's history (the timeline the agent
 * sees): which model wrote it, or why the built-in text stands in. Local mode writes no such row.
 */
export async function produceWrittenArtifact(options: {
  deps: PipelineDeps;
  kind: "INTRO" | "HOME_REPORT";
  campaignId: string;
  cycle: number;
  expectedStatus: CampaignStatus;
  lastAttempt: boolean;
  log: Logger;
}): Promise<ProduceOutcome> {
  const { deps, kind, campaignId, cycle } = options;
  const outcome = await produceArtifact({
    db: deps.db,
    campaignId,
    cycle,
    kind,
    expectedStatus: options.expectedStatus,
    lastAttempt: options.lastAttempt,
    log: options.log,
    produce: writingArtifactProducer(kind, deps, options.lastAttempt),
  });
  if (outcome !== "produced" || deps.writer === deps.fallbackWriter) return outcome;

  const row = await deps.db.campaignArtifact.findUnique({
    where: { campaignId_cycle_kind: { campaignId, cycle, kind } },
    select: { payload: true, error: true },
  });
  const text = writtenText.safeParse(row?.payload);
  if (!text.success) return outcome;
  const reason = text.data.model
    ? `Written by AI (${text.data.model}, prompt ${text.data.promptId ?? "unknown"})`
    : (row?.error ?? "Written by the built-in writer");
  await deps.db.campaignHistory.create({
    data: {
      campaignId,
      cycle,
      event: `${kind}_WRITTEN`,
      actor: WRITER_ACTOR,
      reason: `${LABELS[kind]}: ${reason}`,
      at: deps.now(),
    },
  });
  return outcome;
}
