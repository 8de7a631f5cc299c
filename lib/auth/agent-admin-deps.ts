import { createClerkBackend } from "@/lib/auth/clerk/clerk-backend";
import type { ClerkBackend } from "@/lib/auth/clerk/clerk-backend-types";
import { createMailRouter } from "@/lib/delivery/mail-router";
import type { MailTransport } from "@/lib/delivery/types";
import type { AppConfig, ClerkAuthConfig } from "@/lib/env-types";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Logger } from "@/lib/logger";

/**
 * What the operators' account commands (create-managed-agent.ts, send-sign-in-link.ts) work with:
 * Clerk's Backend API, the database, and the system mail transport. Tests build it directly.
 */
export type AgentAdminDeps = {
  db: PrismaClient;
  clerk: ClerkBackend;
  /** Clerk's configuration: the sign-in link lifetime. */
  auth: ClerkAuthConfig;
  appUrl: string;
  systemFromEmail: string;
  /** System mail: Postmark's transactional stream, or the local outbox in local mode. */
  transport: MailTransport;
  log: Logger;
  now: () => Date;
};

/** Managed agents and magic links are Clerk users and Clerk tokens: without Clerk there are none. */
export class ClerkNotConfiguredError extends Error {
  constructor() {
    super(
      "Clerk is not configured (CLERK_SECRET_KEY and NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY are unset), and " +
        "managed agents and sign-in links are Clerk users and Clerk tokens. Set both and run the command again.",
    );
    this.name = "ClerkNotConfiguredError";
  }
}

export function createAgentAdminDeps(config: AppConfig, db: PrismaClient, log: Logger): AgentAdminDeps {
  if (config.auth.provider !== "clerk") throw new ClerkNotConfiguredError();
  return {
    db,
    clerk: createClerkBackend(config.auth),
    auth: config.auth,
    appUrl: config.appUrl,
    systemFromEmail: config.systemFromEmail,
    transport: createMailRouter(config, db, log).system,
    log,
    now: () => new Date(),
  };
}
