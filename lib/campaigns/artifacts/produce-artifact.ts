import type { ArtifactKind, CampaignStatus, Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { Logger } from "@/lib/logger";

/** The campaign as artifact producers see it: its agent included. */
export type CampaignForWork = Prisma.CampaignGetPayload<{ include: { user: true } }>;

export type ArtifactOutput = {
  payload: Prisma.InputJsonValue;
  source: string;
  zipMarketDataId?: string | null;
  inputTokens?: number | null;
  outputTokens?: number | null;
  /** Estimated USD of the AI calls behind it (lib/ai/bedrock-prices.ts). */
  costUsd?: number | null;
  /** Kept in `error` of a READY artifact: e.g. why the built-in text stands in for an AI text. */
  note?: string | null;
};

export type ProduceOutcome = "produced" | "stale" | "already-done" | "failed";

/**
 * Runs one artifact job of a cycle (DESIGN.md §4) idempotently, for messages that may arrive twice,
 * late, or for a cycle that has moved on:
 * - the campaign must still be in `expectedStatus` and `cycle`, else the message is stale (ack);
 * - an artifact already READY or FAILED is not redone (ack);
 * - a failure records the error and attempt count and rethrows, so SQS redelivers;
 * - on the message's last delivery a failure is recorded as FAILED (terminal) instead, so the
 *   poller can go on without it (or fail the cycle when it was required) rather than wait for the DLQ.
 */
export async function produceArtifact(options: {
  db: PrismaClient;
  campaignId: string;
  cycle: number;
  kind: ArtifactKind;
  expectedStatus: CampaignStatus;
  lastAttempt: boolean;
  log: Logger;
  produce: (campaign: CampaignForWork) => Promise<ArtifactOutput>;
}): Promise<ProduceOutcome> {
  const { db, campaignId, cycle, kind, log } = options;
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, include: { user: true } });
  if (!campaign || campaign.cycle !== cycle || campaign.status !== options.expectedStatus) return "stale";
  const key = { campaignId_cycle_kind: { campaignId, cycle, kind } };
  // The transition creates the row; re-create one that is missing (e.g. data restored from elsewhere)
  // rather than leave the cycle waiting on it forever.
  await db.campaignArtifact.createMany({ data: [{ campaignId, cycle, kind }], skipDuplicates: true });
  const artifact = await db.campaignArtifact.findUnique({ where: key, select: { id: true, status: true } });
  if (!artifact) return "stale";
  if (artifact.status === "READY" || artifact.status === "FAILED") return "already-done";

  await db.campaignArtifact.updateMany({
    where: { id: artifact.id, status: { in: ["PENDING", "RUNNING"] } },
    data: { status: "RUNNING", attempts: { increment: 1 }, startedAt: new Date() },
  });
  try {
    const output = await options.produce(campaign);
    const { count } = await db.campaignArtifact.updateMany({
      where: { id: artifact.id, status: { in: ["PENDING", "RUNNING"] } },
      data: {
        status: "READY",
        payload: output.payload,
        source: output.source,
        zipMarketDataId: output.zipMarketDataId ?? null,
        inputTokens: output.inputTokens ?? null,
        outputTokens: output.outputTokens ?? null,
        costUsd: output.costUsd ?? null,
        error: output.note ?? null,
        completedAt: new Date(),
      },
    });
    return count === 1 ? "produced" : "already-done";
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.campaignArtifact.updateMany({
      where: { id: artifact.id, status: { in: ["PENDING", "RUNNING"] } },
      data: options.lastAttempt
        ? { status: "FAILED", error: message, completedAt: new Date() }
        : { status: "PENDING", error: message },
    });
    if (options.lastAttempt) {
      log.error({ campaignId, cycle, kind, err: error }, "artifact failed for good");
      return "failed";
    }
    throw error;
  }
}
