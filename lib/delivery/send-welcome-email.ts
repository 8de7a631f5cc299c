import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { renderWelcomeEmail } from "@/lib/emails/render-welcome-email";

export type WelcomeOutcome = "sent" | "already-sent" | "skipped-managed" | "unknown-user";

/**
 * Welcomes a new agent once (DESIGN.md §7). Managed (B2B) agents are onboarded silently. The message
 * has a Message-ID derived from the user, so a redelivered event or a crash between sending and
 * recording cannot produce a second welcome: the transport recognises the id.
 */
export async function sendWelcomeEmail(deps: PipelineDeps, userId: string): Promise<WelcomeOutcome> {
  const user = await deps.db.user.findUnique({ where: { id: userId } });
  if (!user || user.deletedAt) return "unknown-user";
  if (user.managedClientId) return "skipped-managed";
  if (user.welcomeEmailSentAt) return "already-sent";
  const rendered = renderWelcomeEmail({ firstName: user.firstName, appUrl: deps.config.appUrl });
  await deps.transport.send({
    kind: "welcome",
    userId: user.id,
    emailId: null,
    from: { name: "Dripr", address: deps.config.systemFromEmail },
    to: { name: `${user.firstName} ${user.lastName}`.trim(), address: user.email },
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    headers: {},
    messageId: `<welcome-${user.id}@${new URL(deps.config.appUrl).hostname}>`,
  });
  await deps.db.user.updateMany({
    where: { id: user.id, welcomeEmailSentAt: null },
    data: { welcomeEmailSentAt: deps.now() },
  });
  return "sent";
}
