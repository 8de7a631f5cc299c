import { z } from "zod";
import { renderEmailTemplate } from "@/lib/emails/email-templates";
import type { RenderedEmail } from "@/lib/emails/render-homeowner-email";
import { paragraphs, singleLine, tidyText, webUrl } from "@/lib/emails/template-values";
import { SENDING_WINDOW_LABEL } from "@/lib/scheduling/types";

/**
 * The two emails to the agent about a homeowner email waiting for approval (DESIGN.md §6): the
 * request, sent when the email is created, and the reminder, sent before its scheduled time if it is
 * still not approved. Both show the subject, the intro and the value, and link to the approve page.
 */

export const approvalEmailVariables = z.object({
  agentFirstName: singleLine,
  clientFirstName: singleLine,
  toName: singleLine,
  toEmail: z.email(),
  /** "12 Elm St, Austin, TX". */
  property: singleLine,
  /** The homeowner email's subject and intro, as they will be sent. */
  emailSubject: singleLine,
  introText: z.string().trim().min(1),
  /** Formatted, e.g. "$452,000". */
  homeValue: singleLine,
  /** Formatted in the agent's zone, e.g. "Nov 25, 2026, 11:00 AM". */
  scheduledFor: singleLine,
  /** The agent's setting: whether a late approval waits for the sending window (issue 15). */
  sendingWindowEnabled: z.boolean(),
  linkExpires: singleLine,
  approveUrl: webUrl,
  campaignUrl: webUrl,
});
export type ApprovalEmailVariables = z.input<typeof approvalEmailVariables>;

export function renderApprovalRequestEmail(variables: ApprovalEmailVariables): RenderedEmail {
  const v = approvalEmailVariables.parse(variables);
  const subject = `Approve your email to ${v.toName}: ${v.emailSubject}`;
  return render(
    "approval-request",
    v,
    subject,
    `Scheduled for ${v.scheduledFor}. Review it and approve with one click.`,
  );
}

export function renderApprovalReminderEmail(variables: ApprovalEmailVariables): RenderedEmail {
  const v = approvalEmailVariables.parse(variables);
  const subject = `Reminder: your email to ${v.toName} is not approved yet`;
  return render("approval-reminder", v, subject, `It goes out ${v.scheduledFor} only if you approve it.`, {
    lateApproval: `Approving after ${v.scheduledFor} sends it ${
      v.sendingWindowEnabled
        ? `at the next opportunity inside your sending hours (${SENDING_WINDOW_LABEL})`
        : "right away"
    }.`,
  });
}

function render(
  name: "approval-request" | "approval-reminder",
  v: z.output<typeof approvalEmailVariables>,
  subject: string,
  preheader: string,
  extra: Record<string, string> = {},
): RenderedEmail {
  const { html, text } = renderEmailTemplate(name, {
    ...v,
    ...extra,
    subject,
    preheader,
    introParagraphs: paragraphs(v.introText),
    footerNote: "You are receiving this because you asked Dripr to check each email with you before sending.",
  });
  return { subject, html, text: tidyText(text) };
}
