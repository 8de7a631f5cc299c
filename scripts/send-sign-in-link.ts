import { sendSignInLink, sendSignInLinkInput } from "@/lib/auth/send-sign-in-link";
import { runAgentCommand } from "@/scripts/lib/agent-command";

/**
 * Mails an agent a magic sign-in link: a single-use Clerk sign-in token valid for
 * CLERK_SIGN_IN_LINK_TTL_HOURS (default 7 days), through Postmark's transactional stream or, in
 * local mode, the Outbox (lib/auth/send-sign-in-link.ts).
 *
 *   npm run agents:send-sign-in-link -- --email dana@acme.example
 */

await runAgentCommand({
  name: "agents:send-sign-in-link",
  usage: "usage: npm run agents:send-sign-in-link -- --email <address>",
  options: { email: { type: "string" } },
  input: sendSignInLinkInput,
  run: sendSignInLink,
  report: (sent) => [
    `sign-in link sent to ${sent.to} (Clerk user ${sent.clerkUserId}, Dripr User ${sent.userId}); ` +
      `it works once, until ${sent.expiresAt.toISOString()}`,
  ],
});
