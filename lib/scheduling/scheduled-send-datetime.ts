import { firstScheduledSendDatetime } from "./first-scheduled-send";
import { assertValidInstant, latest } from "./local-time";
import { nextWindowOpening } from "./next-window-opening";
import type { SchedulingSettings } from "./types";

/**
 * `scheduledSendDatetime` for the email the email-creation consumer is about to create, called with
 * the campaign row as it is in READY_TO_CREATE_EMAIL:
 *
 *   scheduledSendDatetime({
 *     lastSentAt: campaign.lastSentEmailDatetime,
 *     campaignCreatedAt: campaign.createdAt,
 *     nextSendDate: campaign.nextSendDate, // the date this cycle was started for
 *   }, settings)
 *
 * "First email" means the campaign has never sent one (`lastSentAt === null`), not "first email row":
 * a first email that was rejected, expired or stopped by disabling does not use up the first-time
 * rule, so its replacement is still held to createdAt + delay.
 *
 * Except after the agent skipped an email before any was sent (`skippedBeforeFirstSend`): the rule
 * above would date the replacement at creation + delay (long past) and it would go out as soon as it
 * is ready, days before the send day the skip set (reject-email.ts). It goes out on that day instead.
 *
 * Later emails go at `nextSendDate`, which the send-date functions already put at 11:00 local on the
 * fixed day. It still goes through `nextWindowOpening`: that is a no-op for such a date, and keeps the
 * email inside the window if the agent changed time zone after `nextSendDate` was computed.
 */
export function scheduledSendDatetime(
  campaign: {
    lastSentAt: Date | null;
    campaignCreatedAt: Date;
    nextSendDate: Date;
    skippedBeforeFirstSend?: boolean;
  },
  settings: SchedulingSettings,
): Date {
  assertValidInstant(campaign.nextSendDate, "nextSendDate");
  const onSendDate = nextWindowOpening(campaign.nextSendDate, settings);
  if (campaign.lastSentAt !== null) return onSendDate;
  const first = firstScheduledSendDatetime(campaign.campaignCreatedAt, settings);
  return campaign.skippedBeforeFirstSend ? latest(first, onSendDate) : first;
}
