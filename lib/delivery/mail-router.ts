import { createPostmarkClient } from "@/lib/clients/postmark/postmark-client";
import { createGmailTransport } from "@/lib/delivery/gmail-transport";
import { createLocalOutboxTransport } from "@/lib/delivery/local-outbox-transport";
import { createPostmarkTransport } from "@/lib/delivery/postmark-transport";
import { type BucketSpec, gmailBuckets } from "@/lib/delivery/send-budget";
import { decryptToken } from "@/lib/delivery/token-cipher";
import type { MailAddress, MailTransport } from "@/lib/delivery/types";
import type { AppConfig } from "@/lib/env";
import type { GmailConnection, PrismaClient, User } from "@/lib/generated/prisma/client";
import type { EmailProvider } from "@/lib/generated/prisma/enums";
import type { Logger } from "@/lib/logger";

/**
 * Picks the transport of each message (DESIGN.md §7):
 * - homeowner mail: the agent's Gmail when Gmail is configured and the agent's connection is
 *   CONNECTED; otherwise Postmark's broadcast stream, sent with the agent's name as sender and their
 *   address as Reply-To; locally, without Postmark credentials, the local outbox.
 * - system mail (welcome, approval requests): Postmark's transactional stream, or the local outbox.
 */

export type AgentRoute = {
  transport: MailTransport;
  from: MailAddress;
  replyTo: string;
  /** Why this is not the agent's Gmail (stored on the email, shown to the agent); null when it is. */
  fallbackReason: string | null;
  /** Gmail's per-agent budget, taken before each send. */
  budget: BucketSpec[] | null;
};

export type MailRouter = {
  /** System mail (welcome, approval requests). */
  system: MailTransport;
  forAgent(agent: Pick<User, "id" | "firstName" | "lastName" | "email">): Promise<AgentRoute>;
  /** The transport a crashed send used, to ask it whether the message went out. */
  byProvider(provider: EmailProvider, userId: string | null): Promise<MailTransport | null>;
};

type RouterDb = Pick<PrismaClient, "gmailConnection" | "localOutboxMessage" | "$queryRaw">;

export function createMailRouter(config: AppConfig, db: RouterDb, log: Logger): MailRouter {
  const { delivery } = config;
  const local = createLocalOutboxTransport(db);
  const postmark = delivery.postmark.serverToken
    ? createPostmarkTransport(createPostmarkClient(delivery.postmark), delivery.postmark)
    : undefined;
  const fallback = postmark ?? local;
  const gmailEnabled = config.integrations.gmail === "google";
  // One transport per agent and grant, so the OAuth client's access token is reused until it expires.
  const gmailCache = new Map<string, { version: number; transport: MailTransport }>();

  const gmailFor = (connection: GmailConnection): MailTransport | string => {
    const version = connection.updatedAt.getTime();
    const cached = gmailCache.get(connection.userId);
    if (cached?.version === version) return cached.transport;
    let refreshToken: string;
    try {
      refreshToken = decryptToken(
        connection.encryptedRefreshToken,
        config.tokenEncryptionKey,
        connection.userId,
      );
    } catch (err) {
      log.error(
        { err, userId: connection.userId },
        "the stored Gmail token cannot be decrypted (TOKEN_ENCRYPTION_KEY changed?)",
      );
      return "the stored Gmail grant cannot be read; reconnect Gmail in Settings";
    }
    const transport = createGmailTransport(delivery.google, {
      userId: connection.userId,
      googleEmail: connection.googleEmail,
      refreshToken,
      scope: connection.scope,
    });
    gmailCache.set(connection.userId, { version, transport });
    return transport;
  };

  return {
    system: fallback,
    async forAgent(agent) {
      const name = `${agent.firstName} ${agent.lastName}`.trim();
      const connection = gmailEnabled
        ? await db.gmailConnection.findUnique({ where: { userId: agent.id } })
        : null;
      let reason: string | null = null;
      if (connection?.status === "CONNECTED") {
        const gmail = gmailFor(connection);
        if (typeof gmail !== "string") {
          return {
            transport: gmail,
            from: { name, address: connection.googleEmail },
            replyTo: connection.googleEmail,
            fallbackReason: null,
            budget: gmailBuckets(agent.id, delivery.gmailLimits),
          };
        }
        reason = gmail;
      } else if (connection) {
        const since = connection.revokedAt ? ` on ${connection.revokedAt.toISOString().slice(0, 10)}` : "";
        reason = `Gmail access was revoked${since}${connection.lastError ? ` (${connection.lastError})` : ""}; reconnect Gmail in Settings`;
      } else if (gmailEnabled) {
        reason = "Gmail is not connected";
      }
      return {
        transport: fallback,
        from: { name, address: postmark ? config.systemFromEmail : agent.email },
        replyTo: agent.email,
        fallbackReason: postmark ? reason : null,
        budget: null,
      };
    },
    async byProvider(provider, userId) {
      if (provider === "LOCAL_OUTBOX") return local;
      if (provider === "POSTMARK") return postmark ?? null;
      if (!userId || !gmailEnabled) return null;
      const connection = await db.gmailConnection.findUnique({ where: { userId } });
      if (!connection) return null;
      const gmail = gmailFor(connection);
      return typeof gmail === "string" ? null : gmail;
    },
  };
}
