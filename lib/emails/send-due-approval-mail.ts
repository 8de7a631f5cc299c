import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { type ApprovalMailKind, sendApprovalMail } from "@/lib/emails/send-approval-mail";

/** A reminder goes out this long before the scheduled send time of an email still not approved. */
export const APPROVAL_REMINDER_LEAD_HOURS = 24;
/** No reminder sooner than this after the request itself. */
const MIN_HOURS_AFTER_REQUEST = 2;
/** The email-creation consumer sends the request itself; this job only catches ones it could not. */
const REQUEST_GRACE_MINUTES = 5;

/**
 * The approval-mail job (cron, DESIGN.md §2): sends approval requests the email-creation consumer
 * failed to send, and a reminder for every email still waiting for approval within
 * APPROVAL_REMINDER_LEAD_HOURS of its scheduled time (or already past it). One failure is logged and
 * retried on the next run; it does not stop the others.
 */
export async function sendDueApprovalMail(
  deps: PipelineDeps,
  batchSize = 200,
): Promise<{ requests: number; reminders: number; failed: number }> {
  const now = deps.now();
  const hours = (h: number) => h * 3_600_000;
  const waiting = { status: "READY", approvalStatus: "PENDING" } as const;
  const [requests, reminders] = await Promise.all([
    deps.db.email.findMany({
      where: {
        ...waiting,
        approvalRequestedAt: null,
        createdAt: { lt: new Date(now.getTime() - REQUEST_GRACE_MINUTES * 60_000) },
      },
      select: { id: true },
      orderBy: { scheduledSendDatetime: "asc" },
      take: batchSize,
    }),
    deps.db.email.findMany({
      where: {
        ...waiting,
        approvalReminderSentAt: null,
        approvalRequestedAt: { lt: new Date(now.getTime() - hours(MIN_HOURS_AFTER_REQUEST)) },
        scheduledSendDatetime: { lte: new Date(now.getTime() + hours(APPROVAL_REMINDER_LEAD_HOURS)) },
      },
      select: { id: true },
      orderBy: { scheduledSendDatetime: "asc" },
      take: batchSize,
    }),
  ]);
  const counts = { requests: 0, reminders: 0, failed: 0 };
  const run = async (ids: { id: string }[], kind: ApprovalMailKind, key: "requests" | "reminders") => {
    for (const { id } of ids) {
      try {
        if ((await sendApprovalMail(deps, id, kind)) === "sent") counts[key]++;
      } catch (error) {
        counts.failed++;
        deps.log.error({ emailId: id, kind, err: error }, "approval mail failed; retried on the next run");
      }
    }
  };
  await run(requests, "approval-request", "requests");
  await run(reminders, "approval-reminder", "reminders");
  return counts;
}
