import "server-only";
import { agentActor } from "@/lib/campaigns/actors";
import { type CampaignInput, campaignColumns } from "@/lib/campaigns/campaign-input";
import { describeCampaignEdit, type EditableCampaign } from "@/lib/campaigns/describe-campaign-edit";
import { schedulingSettingsFor } from "@/lib/campaigns/scheduling-settings";
import { getDb } from "@/lib/db";
import { getConfig } from "@/lib/env";
import { NotFoundError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { nextSendDateAfterSendDayChange } from "@/lib/scheduling/send-day-change";

/** Every column the edit form sets, read before the edit to say what changed. */
const EDITABLE_COLUMNS = {
  clientFirstName: true,
  clientLastName: true,
  clientEmail: true,
  propertyAddressLine1: true,
  propertyAddressLine2: true,
  propertyCity: true,
  propertyState: true,
  zipCode: true,
  fixedSendDay: true,
  checkBeforeSending: true,
  purchasePrice: true,
  purchaseDate: true,
  loanAmount: true,
  loanRatePercent: true,
} as const satisfies Record<keyof EditableCampaign, true>;

/**
 * Edits a campaign's client, property and schedule details. Only the owner can. A new send day
 * recomputes the next send date of a dormant, enabled campaign (DESIGN.md §5); a campaign in the
 * middle of a cycle keeps its current email, and its next date follows the new day after the send.
 */
export async function updateCampaign(
  userId: string,
  campaignId: string,
  input: CampaignInput,
  now = new Date(),
): Promise<void> {
  const columns = campaignColumns(input);
  const pipeline = getConfig().pipeline;
  await getDb().$transaction(async (tx) => {
    const before = await tx.campaign.findFirst({
      where: { id: campaignId, userId },
      select: {
        ...EDITABLE_COLUMNS,
        cycle: true,
        status: true,
        enabled: true,
        createdAt: true,
        lastSentEmailDatetime: true,
        user: { select: { timeZone: true, sendingWindowEnabled: true } },
      },
    });
    if (!before) throw new NotFoundError("Campaign");
    const dayChanged = before.fixedSendDay !== columns.fixedSendDay;
    const reschedule = dayChanged && before.status === "DORMANT" && before.enabled;
    const nextSendDate = reschedule
      ? nextSendDateAfterSendDayChange(
          {
            lastSentAt: before.lastSentEmailDatetime,
            createdAt: before.createdAt,
            now,
            newFixedSendDay: columns.fixedSendDay,
          },
          schedulingSettingsFor(before.user, pipeline),
        )
      : undefined;
    const { count } = await tx.campaign.updateMany({
      where: { id: campaignId, userId },
      data: { ...columns, ...(nextSendDate ? { nextSendDate } : {}) },
    });
    if (count === 0) throw new NotFoundError("Campaign");
    await tx.campaignHistory.create({
      data: {
        campaignId,
        cycle: before.cycle,
        event: "UPDATED",
        actor: agentActor(userId),
        at: now,
        // The timeline names what changed (DESIGN.md §4), and the next cycle a new send day gives.
        reason: `${describeCampaignEdit(before, columns)}${
          nextSendDate ? `; next cycle ${formatDateTime(nextSendDate, before.user.timeZone)}` : ""
        }`,
      },
    });
  });
}
