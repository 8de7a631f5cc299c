import { z } from "zod";
import type { AgentAdminDeps } from "@/lib/auth/agent-admin-deps";
import { ClerkBackendError } from "@/lib/auth/clerk/clerk-backend";
import { DeliveryError } from "@/lib/delivery/delivery-error";
import { sendWithRetries } from "@/lib/delivery/send-with-retries";
import type { OutgoingMessage } from "@/lib/delivery/types";
import { renderSignInLinkEmail } from "@/lib/emails/render-sign-in-link-email";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";

/** An agent's email address as Dripr stores it (trimmed, lower case). */
export const agentEmail = z
  .string({ error: "is required" })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "is not an email address" }));

export const sendSignInLinkInput = z.object({ email: agentEmail });
export type SendSignInLinkInput = z.input<typeof sendSignInLinkInput>;

export type SentSignInLink = {
  to: string;
  userId: string;
  clerkUserId: string;
  /** Clerk's id of the token (not the token itself, which is a credential). */
  signInTokenId: string;
  expiresAt: Date;
  /** Our Message-ID; the outbox row or Postmark message carries it. */
  messageId: string;
};

/**
 * Mails an agent a magic sign-in link (issue 14): a single-use Clerk sign-in token that lives
 * `CLERK_SIGN_IN_LINK_TTL_HOURS`, as `${APP_URL}/sign-in?__clerk_ticket=<token>`, where Dripr's
 * own sign-in page hands the ticket to Clerk. Sent as system mail (Postmark's transactional stream,
 * or the local outbox). An unknown, deleted or local-only agent is refused before anything is
 * created or sent.
 *
 * One token and one message per call: the Message-ID is the token's. A provider failure whose outcome
 * is unknown (a timeout after Postmark took the message) is not simply retried: the provider is asked
 * for the message by its Message-ID first, and it is sent again only when the provider does not have
 * it, so one run never mails the link twice. A run that failed can simply be repeated; the unsent
 * token expires unused.
 */
export async function sendSignInLink(
  deps: AgentAdminDeps,
  input: SendSignInLinkInput,
): Promise<SentSignInLink> {
  const { email } = sendSignInLinkInput.parse(input);
  const user = await deps.db.user.findUnique({ where: { email } });
  if (!user) throw new NotFoundError(`A Dripr agent with the email ${email}`);
  if (user.deletedAt) {
    throw new ConflictError(`The Dripr agent ${email} was deleted on ${user.deletedAt.toISOString()}`);
  }
  if (user.clerkUserId.startsWith("local_")) {
    throw new ConflictError(
      `${email} is not a Clerk user (${user.clerkUserId} signs in locally); a sign-in link needs a Clerk account`,
    );
  }

  const ttlSeconds = deps.auth.signInLinkTtlSeconds;
  let token: Awaited<ReturnType<AgentAdminDeps["clerk"]["createSignInToken"]>>;
  try {
    token = await deps.clerk.createSignInToken(user.clerkUserId, ttlSeconds);
  } catch (error) {
    if (error instanceof ClerkBackendError && error.status === 404) {
      throw new ConflictError(
        `Clerk has no user ${user.clerkUserId} for ${email} (deleted in Clerk?): ${error.message}`,
      );
    }
    throw error;
  }
  const expiresAt = token.expiresAt ?? new Date(deps.now().getTime() + ttlSeconds * 1000);
  const signInUrl = new URL("/sign-in", deps.appUrl);
  signInUrl.searchParams.set("__clerk_ticket", token.token);

  const rendered = renderSignInLinkEmail({
    firstName: user.firstName || email,
    email: user.email,
    signInUrl: signInUrl.toString(),
    expiresAt: formatWithZone(expiresAt, user.timeZone),
  });
  const messageId = `<sign-in-link-${token.id}@${new URL(deps.appUrl).hostname}>`;
  const message: OutgoingMessage = {
    kind: "sign-in-link",
    userId: user.id,
    emailId: null,
    from: { name: "Dripr", address: deps.systemFromEmail },
    to: { name: `${user.firstName} ${user.lastName}`.trim(), address: user.email },
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    headers: {},
    messageId,
  };
  try {
    await sendWithRetries(deps.transport, message, deps.log);
  } catch (error) {
    if (!(error instanceof DeliveryError && error.ambiguous)) throw error;
    // The provider may have it (a timeout after Postmark took it): ask by the Message-ID in its
    // metadata before sending the same message once more.
    const found = await deps.transport.findSent(message);
    deps.log.warn({ userId: user.id, signInTokenId: token.id, found }, "sign-in link send was ambiguous");
    if (found === "unknown") throw error;
    if (found === null) await sendWithRetries(deps.transport, message, deps.log);
  }
  // Never the token or the link: they sign in as the agent.
  deps.log.info(
    { userId: user.id, clerkUserId: user.clerkUserId, signInTokenId: token.id, expiresAt },
    "sign-in link sent",
  );
  return {
    to: user.email,
    userId: user.id,
    clerkUserId: user.clerkUserId,
    signInTokenId: token.id,
    expiresAt,
    messageId,
  };
}

/** "Dec 12, 2026, 9:00 AM CST": the agent's zone, named, since the reader may be elsewhere. */
function formatWithZone(at: Date, timeZone: string): string {
  const zone = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" })
    .formatToParts(at)
    .find((part) => part.type === "timeZoneName")?.value;
  const formatted = formatDateTime(at, timeZone);
  return zone ? `${formatted} ${zone}` : formatted;
}
