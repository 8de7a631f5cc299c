import { createManagedAgent, createManagedAgentInput } from "@/lib/auth/create-managed-agent";
import { runAgentCommand } from "@/scripts/lib/agent-command";

/**
 * Provisions a managed (B2B) agent: the Clerk user (managedClientId in public metadata) and the
 * Dripr User, with no welcome email and no billing requirement (lib/auth/create-managed-agent.ts).
 * Safe to run again with the same email: it updates, and completes a run that failed halfway.
 *
 *   npm run agents:create-managed -- --email dana@acme.example --first-name Dana --last-name Reyes \
 *     --managed-client-id acme-realty [--send-sign-in-link]
 */

await runAgentCommand({
  name: "agents:create-managed",
  usage:
    "usage: npm run agents:create-managed -- --email <address> --first-name <name> --last-name <name> " +
    "--managed-client-id <id> [--send-sign-in-link]",
  options: {
    email: { type: "string" },
    "first-name": { type: "string" },
    "last-name": { type: "string" },
    "managed-client-id": { type: "string" },
    "send-sign-in-link": { type: "boolean" },
  },
  input: createManagedAgentInput,
  run: createManagedAgent,
  report: ({ clerk, user, signInLink }) => {
    const before =
      clerk.previousManagedClientId === undefined
        ? ""
        : ` (managedClientId was ${clerk.previousManagedClientId ?? "unset: a self-serve user"})`;
    return [
      clerk.action === "unchanged"
        ? `Clerk user ${clerk.clerkUserId} already up to date`
        : `Clerk user ${clerk.clerkUserId} ${clerk.action}${before}`,
      user.action === "created"
        ? `Dripr User ${user.userId} created (managed: no welcome email, no billing)`
        : `Dripr User ${user.userId} synced from Clerk`,
      signInLink
        ? `sign-in link sent to ${signInLink.to} (works once, until ${signInLink.expiresAt.toISOString()})`
        : "no sign-in link sent (add --send-sign-in-link, or run agents:send-sign-in-link)",
    ];
  },
});
