import { DATA_ARTIFACT_KINDS, isLegalTransition, statusEventKey } from "@/lib/campaigns/campaign-transitions";
import { enqueueEvent } from "@/lib/events/enqueue-event";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { CampaignStatus } from "@/lib/generated/prisma/enums";

export class IllegalTransitionError extends Error {
  constructor(from: CampaignStatus, to: CampaignStatus) {
    super(`Illegal campaign transition ${from} → ${to}`);
    this.name = "IllegalTransitionError";
  }
}

export type TransitionRequest = {
  campaignId: string;
  userId: string;
  from: CampaignStatus;
  to: CampaignStatus;
  /** The cycle the caller saw; the update only applies while it is still current. */
  cycle: number;
  actor: string;
  now: Date;
  reason?: string | null;
  /** Timeline label; STATUS_CHANGED by default, CYCLE_ABANDONED when a cycle is given up. */
  event?: string;
  /** Other columns that change with the status (e.g. nextSendDate after a send). */
  data?: Prisma.CampaignUpdateManyMutationInput;
};

/**
 * Moves a campaign from one status to the next as a compare-and-set (DESIGN.md §3–§4): the update
 * applies only if the campaign is still in `from` and in `cycle`, so two pollers or a redelivered
 * message can never apply it twice. In the same transaction it records the history row, writes the
 * outbox event and creates the rows the new status works on. Returns the campaign's cycle after the
 * transition, or null when someone else moved the campaign first.
 *
 * Must run inside the caller's transaction; it makes no network calls.
 */
export async function transitionCampaign(
  tx: Prisma.TransactionClient,
  request: TransitionRequest,
): Promise<number | null> {
  const { campaignId, userId, from, to, cycle, now } = request;
  if (!isLegalTransition(from, to)) throw new IllegalTransitionError(from, to);
  const startsCycle = from === "DORMANT" && to === "WAITING_FOR_DATA";
  const nextCycle = startsCycle ? cycle + 1 : cycle;

  const { count } = await tx.campaign.updateMany({
    where: { id: campaignId, status: from, cycle },
    data: {
      ...request.data,
      status: to,
      cycle: nextCycle,
      statusChangedAt: now,
      lastNudgedAt: null,
      ...(startsCycle ? { emailCreationStatus: "NOT_STARTED" } : {}),
      ...(to === "READY_TO_CREATE_EMAIL" ? { emailCreationStatus: "PENDING" } : {}),
    },
  });
  if (count === 0) return null;

  await tx.campaignHistory.create({
    data: {
      campaignId,
      cycle: nextCycle,
      fromStatus: from,
      toStatus: to,
      event: request.event ?? "STATUS_CHANGED",
      actor: request.actor,
      reason: request.reason ?? null,
      at: now,
    },
  });

  if (startsCycle) {
    await tx.campaignArtifact.createMany({
      data: DATA_ARTIFACT_KINDS.map((kind) => ({ campaignId, cycle: nextCycle, kind })),
      skipDuplicates: true,
    });
  } else if (to === "WAITING_FOR_HOME_ANALYSIS") {
    await tx.campaignArtifact.createMany({
      data: [{ campaignId, cycle: nextCycle, kind: "HOME_REPORT" }],
      skipDuplicates: true,
    });
  }

  await enqueueEvent(tx, {
    type: "CAMPAIGN_STATUS_CHANGED",
    version: 1,
    campaignId,
    userId,
    cycle: nextCycle,
    fromStatus: from,
    toStatus: to,
    dedupeKey: statusEventKey(campaignId, nextCycle, to),
    occurredAt: now.toISOString(),
  });
  return nextCycle;
}
