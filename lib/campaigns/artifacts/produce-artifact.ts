import {
  type ArtifactOutput,
  artifactBatches,
  type CampaignForWork,
  type ClaimResult,
} from "@/lib/campaigns/artifacts/artifact-batches";
import { insertArtifacts } from "@/lib/campaigns/artifacts/insert-artifacts";
import type { ArtifactKind, CampaignStatus, PrismaClient } from "@/lib/generated/prisma/client";
import type { Logger } from "@/lib/logger";

export type { ArtifactOutput, CampaignForWork } from "@/lib/campaigns/artifacts/artifact-batches";

export type ProduceOutcome = "produced" | "stale" | "already-done" | "failed";

/**
 * Runs one artifact job of a cycle (DESIGN.md §4) idempotently, for messages that may arrive twice,
 * late, or for a cycle that has moved on:
 * - the campaign must still be in `expectedStatus` and `cycle`, else the message is stale (ack);
 * - an artifact already READY or FAILED is not redone (ack);
 * - a failure records the error and attempt count and rethrows, so SQS redelivers;
 * - on the message's last delivery a failure is recorded as FAILED (terminal) instead, so the
 *   poller can go on without it (or fail the cycle when it was required) rather than wait for the DLQ.
 * The claim and the completion are batched with the other jobs of the moment (artifact-batches.ts).
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
  const batches = artifactBatches(db);
  const request = { campaignId, cycle, kind, expectedStatus: options.expectedStatus };
  let claim: ClaimResult = await batches.claims.load(request);
  if (claim.outcome === "missing") {
    // The transition creates the row; re-create one that is missing (e.g. data restored from elsewhere)
    // rather than leave the cycle waiting on it forever.
    await insertArtifacts(db, [{ campaignId, cycle, kind }]);
    claim = await batches.claims.load(request);
  }
  if (claim.outcome !== "claimed") return claim.outcome === "already-done" ? "already-done" : "stale";

  const { artifactId } = claim;
  try {
    const output = await options.produce(claim.campaign);
    return (await batches.completions.load({ artifactId, output })) ? "produced" : "already-done";
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.campaignArtifact.updateMany({
      where: { id: artifactId, status: { in: ["PENDING", "RUNNING"] } },
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
