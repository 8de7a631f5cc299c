import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { approvalUrl, issueApprovalToken } from "@/lib/emails/approval-link";
import { renderApprovalReminderEmail, renderApprovalRequestEmail } from "@/lib/emails/render-approval-email";
import { formatDateTime } from "@/lib/format";
import type { Prisma } from "@/lib/generated/prisma/client";
import { formatUsd } from "@/lib/market-data/format-values";
import { valuation } from "@/lib/market-data/types";

export type ApprovalMailKind = "approval-request" | "approval-reminder";
export type ApprovalMailOutcome = "sent" | "already-sent" | "not-needed";

/**
 * Sends the agent the approval request or the reminder for one homeowner email, through the
 * pipeline's transport (system mail: Postmark's transactional stream in production, the local outbox
 * in development). Each carries a fresh single-use approve link. The Message-ID is fixed per email and
 * kind, and the provider is asked for it (Postmark: outbound messages by metadata) before a send, so
 * an attempt that reached the provider but failed (a timeout, a crash before recording) is not
 * delivered twice; `approvalRequestedAt` / `approvalReminderSentAt` record that it went out.
 */
export async function sendApprovalMail(
  deps: PipelineDeps,
  emailId: string,
  kind: ApprovalMailKind,
): Promise<ApprovalMailOutcome> {
  const { db } = deps;
  const now = deps.now();
  const email = await db.email.findUnique({
    where: { id: emailId },
    include: { campaign: true, user: true },
  });
  if (email?.status !== "READY" || email.approvalStatus !== "PENDING") return "not-needed";
  const column = kind === "approval-request" ? "approvalRequestedAt" : "approvalReminderSentAt";
  const claimed = await db.email.updateMany({
    where: { id: email.id, status: "READY", approvalStatus: "PENDING", [column]: null },
    data: { [column]: now },
  });
  if (claimed.count === 0) return "already-sent";
  try {
    // An earlier attempt may have reached the provider and failed anyway (a timeout after Postmark
    // took it): look the message up by its Message-ID in the metadata before sending it again.
    const found = await deps.transport.findSent({
      kind,
      userId: email.userId,
      emailId: email.id,
      messageId: approvalMessageId(deps, email.id, kind),
    });
    if (found !== null && found !== "unknown") {
      deps.log.info({ emailId: email.id, kind, found }, "approval mail had gone out already; not sent again");
      return "already-sent";
    }
    await send(deps, email, kind, now);
  } catch (error) {
    await db.email.updateMany({ where: { id: email.id, [column]: now }, data: { [column]: null } });
    throw error;
  }
  deps.log.info({ emailId: email.id, userId: email.userId, kind }, "approval mail sent");
  return "sent";
}

type EmailWithOwner = Prisma.EmailGetPayload<{ include: { campaign: true; user: true } }>;

async function send(deps: PipelineDeps, email: EmailWithOwner, kind: ApprovalMailKind, now: Date) {
  const { db } = deps;
  const { campaign, user: agent } = email;
  const { token, expiresAt } = await issueApprovalToken(db, email.id, deps.config.linkSigningSecret, now);
  const value = await db.campaignArtifact.findUnique({
    where: {
      campaignId_cycle_kind: { campaignId: campaign.id, cycle: email.cycle, kind: "PROPERTY_VALUATION" },
    },
    select: { payload: true },
  });
  const parsedValue = valuation.safeParse(value?.payload);
  const variables = {
    agentFirstName: agent.firstName,
    clientFirstName: campaign.clientFirstName,
    toName: email.toName || campaign.clientFirstName,
    toEmail: email.toEmail,
    property: `${campaign.propertyAddressLine1}, ${campaign.propertyCity}, ${campaign.propertyState}`,
    emailSubject: email.subject,
    introText: email.introText ?? email.textBody.slice(0, 400),
    homeValue: parsedValue.success ? formatUsd(parsedValue.data.value) : "see the email",
    scheduledFor: formatDateTime(email.scheduledSendDatetime, agent.timeZone),
    sendingWindowEnabled: agent.sendingWindowEnabled,
    linkExpires: formatDateTime(expiresAt, agent.timeZone),
    approveUrl: approvalUrl(deps.config.appUrl, token),
    campaignUrl: new URL(`/campaigns/${campaign.id}`, deps.config.appUrl).toString(),
  };
  const rendered =
    kind === "approval-request"
      ? renderApprovalRequestEmail(variables)
      : renderApprovalReminderEmail(variables);
  await deps.transport.send({
    kind,
    userId: agent.id,
    emailId: email.id,
    from: { name: "Dripr", address: deps.config.systemFromEmail },
    to: { name: `${agent.firstName} ${agent.lastName}`.trim(), address: agent.email },
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    headers: {},
    messageId: approvalMessageId(deps, email.id, kind),
  });
}

/** Fixed per email and kind, so every attempt carries the same id and a resend can be recognised. */
function approvalMessageId(deps: PipelineDeps, emailId: string, kind: ApprovalMailKind): string {
  return `<${kind}-${emailId}@${new URL(deps.config.appUrl).hostname}>`;
}
