import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { DeliveryError } from "@/lib/delivery/delivery-error";
import { sendWithRetries } from "@/lib/delivery/send-with-retries";
import type { OutgoingMessage } from "@/lib/delivery/types";
import { renderWelcomeEmail } from "@/lib/emails/render-welcome-email";

export type WelcomeOutcome =
  | { kind: "sent" | "reconciled" | "already-sent" | "skipped-managed" | "unknown-user" | "failed" }
  /** Another sender holds the claim: look again once its lease has run out. */
  | { kind: "claimed-elsewhere"; retryInMs: number };

/**
 * Welcomes a new agent once (DESIGN.md §7), through the system transport (Postmark's transactional
 * stream, or the local outbox). Managed (B2B) agents are onboarded silently.
 *
 * Exactly once, however often USER_CREATED arrives and whatever crashes: the sender claims the
 * welcome on the User row (a lease, with the provider it will use) before calling the provider. A
 * claim found expired means a sender died or failed ambiguously after claiming: the provider is asked
 * first whether it already has the message (our Message-ID in Postmark's metadata; the outbox's key).
 */
export async function sendWelcomeEmail(deps: PipelineDeps, userId: string): Promise<WelcomeOutcome> {
  const { db } = deps;
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user || user.deletedAt) return { kind: "unknown-user" };
  if (user.managedClientId) return { kind: "skipped-managed" };
  if (user.welcomeEmailSentAt) return { kind: "already-sent" };
  const now = deps.now();
  const previous = user.welcomeEmailClaimExpiresAt;
  if (previous && previous > now) {
    // Look again when the lease ends (then the welcome is sent, or its sender died and it is taken
    // over). Not sooner: each look is a receive, and too many send the message to the DLQ.
    return { kind: "claimed-elsewhere", retryInMs: previous.getTime() - now.getTime() + 1_000 };
  }

  const transport = deps.transport;
  const lease = new Date(now.getTime() + deps.config.pipeline.sendLeaseMs);
  const claimed = await db.user.updateMany({
    where: { id: user.id, welcomeEmailSentAt: null, welcomeEmailClaimExpiresAt: previous },
    data: { welcomeEmailClaimExpiresAt: lease, welcomeEmailProvider: transport.name },
  });
  if (claimed.count === 0) {
    return { kind: "claimed-elsewhere", retryInMs: deps.config.pipeline.sendLeaseMs + 1_000 };
  }
  const ours = { id: user.id, welcomeEmailSentAt: null, welcomeEmailClaimExpiresAt: lease };
  const message = welcomeMessage(deps, user);

  if (previous) {
    const earlier = user.welcomeEmailProvider
      ? await deps.mail.byProvider(user.welcomeEmailProvider, user.id)
      : transport;
    const found = earlier ? await earlier.findSent(message) : "unknown";
    deps.log.info({ userId: user.id, found }, "reconciled an interrupted welcome email");
    if (found !== null) {
      // Sent before (or cannot be checked: a second welcome is worse than none).
      await db.user.updateMany({
        where: ours,
        data: {
          welcomeEmailSentAt: deps.now(),
          welcomeEmailProvider: user.welcomeEmailProvider,
          welcomeEmailProviderMessageId: found === "unknown" ? null : found.providerMessageId,
          welcomeEmailClaimExpiresAt: null,
        },
      });
      return { kind: "reconciled" };
    }
  }

  let providerMessageId: string;
  try {
    ({ providerMessageId } = await sendWithRetries(transport, message, deps.log, {
      policy: deps.config.delivery.retryPolicy,
    }));
  } catch (error) {
    const failure = error instanceof DeliveryError ? error : undefined;
    if (failure?.kind === "permanent") {
      deps.log.error({ err: failure, userId: user.id }, "the welcome email was refused for good");
      return { kind: "failed" };
    }
    // Ambiguous: leave the claim expired, so the redelivery asks the provider first. Otherwise free it.
    await db.user.updateMany({
      where: ours,
      data: { welcomeEmailClaimExpiresAt: failure?.ambiguous === false ? null : deps.now() },
    });
    throw error;
  }
  await db.user.updateMany({
    where: ours,
    data: {
      welcomeEmailSentAt: deps.now(),
      welcomeEmailProviderMessageId: providerMessageId,
      welcomeEmailClaimExpiresAt: null,
    },
  });
  return { kind: "sent" };
}

function welcomeMessage(
  deps: PipelineDeps,
  user: { id: string; firstName: string; lastName: string; email: string },
): OutgoingMessage {
  const rendered = renderWelcomeEmail({ firstName: user.firstName, appUrl: deps.config.appUrl });
  return {
    kind: "welcome",
    userId: user.id,
    emailId: null,
    from: { name: "Dripr", address: deps.config.systemFromEmail },
    to: { name: `${user.firstName} ${user.lastName}`.trim(), address: user.email },
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    headers: {},
    // Derived from the user: every attempt carries the same id, which reconciliation looks up.
    messageId: `<welcome-${user.id}@${new URL(deps.config.appUrl).hostname}>`,
  };
}
