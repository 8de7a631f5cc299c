import { verifyWebhook } from "@clerk/nextjs/webhooks";
import { ConflictError } from "@/lib/errors";
import { applyWebhookOnce } from "@/lib/events/apply-webhook-once";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Logger } from "@/lib/logger";
import type { ClerkUserProfile } from "./clerk-backend-types";
import {
  clerkUserData,
  clerkUserDeletedData,
  clerkUserProfile,
  clerkWebhookEvent,
  describeIssues,
} from "./clerk-webhook-payload";
import { deleteClerkAgent } from "./delete-clerk-agent";
import { upsertClerkAgent } from "./upsert-clerk-agent";

/**
 * Clerk's user webhooks (DESIGN.md §8), delivered by Svix. Verified with Clerk's own helper (Svix
 * signature over id, timestamp and body; ±5 minutes), then applied once: the delivery (svix-id) is
 * recorded in ProcessedWebhookEvent in the same transaction as its effects, so a redelivery is a
 * no-op and a crash leaves nothing half done.
 *
 * - `user.created`, `user.updated`: upsertClerkAgent (one User, one USER_CREATED, older copies of the
 *   user never overwrite newer ones, whatever the order and whether the session's just-in-time path
 *   came first).
 * - `user.deleted`: deleteClerkAgent, then, once that has committed, the Gmail grant is revoked and
 *   deleted. A redelivery of the deletion repeats only that last step, so a crash between the two
 *   is repaired by Svix's retry.
 * - any other type: recorded and answered 200.
 */

export type ClerkWebhookDeps = {
  db: PrismaClient;
  /** CLERK_WEBHOOK_SIGNING_SECRET (`whsec_…`); undefined refuses every delivery with 503. */
  webhookSecret: string | undefined;
  log: Logger;
  now: () => Date;
  /**
   * Revokes the agent's Gmail grant at Google and deletes the stored one, best effort at Google
   * (lib/delivery/gmail-connection/disconnect-gmail.ts). Called outside any transaction.
   */
  revokeGmail: (userId: string) => Promise<unknown>;
};

type Change =
  | { kind: "upsert"; profile: ClerkUserProfile }
  | { kind: "delete"; clerkUserId: string }
  | { kind: "unhandled" };

export type ClerkWebhookOutcome =
  | "created"
  /** The User holds this copy of the Clerk user (or an identical-time one). */
  | "updated"
  /** The User already holds a newer copy: nothing changed. */
  | "stale"
  | "deleted"
  | "already-deleted"
  | "unknown-user"
  | "ignored"
  | "duplicate";

export async function handleClerkWebhook(request: Request, deps: ClerkWebhookDeps): Promise<Response> {
  const { log } = deps;
  if (!deps.webhookSecret) {
    // An empty secret would make Clerk's helper fall back to process.env: refuse it here instead.
    log.error("Clerk webhook called but CLERK_WEBHOOK_SIGNING_SECRET is not configured");
    return text(503, "Webhook signing secret is not configured");
  }
  let verified: unknown;
  try {
    // 7.9.17 types the parameter as Next's request types only, but a plain Request takes the same
    // path at run time (isRequestWebAPI → @clerk/backend's verifyWebhook), as Clerk's docs show.
    verified = await verifyWebhook(request as Parameters<typeof verifyWebhook>[0], {
      signingSecret: deps.webhookSecret,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log.warn({ reason }, "Clerk webhook refused: verification failed");
    return text(400, `Webhook verification failed: ${reason}`);
  }
  // Present and covered by the signature, or verification would have failed.
  const eventId = request.headers.get("svix-id")?.trim() ?? "";

  const event = clerkWebhookEvent.safeParse(verified);
  if (!event.success) return refuse(log, eventId, "event", describeIssues(event.error, "event"));
  const { type } = event.data;
  const change = parseChange(type, event.data.data);
  if ("refused" in change) return refuse(log, eventId, type, change.refused);

  let outcome: ClerkWebhookOutcome;
  try {
    outcome = await applyOnce(deps, { eventId, type, change });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    // Nothing was recorded: Svix retries, and the delivery applies once the address is free.
    log.warn({ eventId, type, reason: error.message }, "Clerk webhook not applied: conflict");
    return text(409, error.message);
  }

  if (change.kind === "delete" && outcome !== "unknown-user") {
    const revoked = await revokeGmailOfDeletedAgent(deps, change.clerkUserId, eventId);
    if (!revoked) return text(500, "Account deleted; removing its Gmail grant failed (retry)");
  }
  const fields = { eventId, type, outcome };
  if (change.kind === "unhandled") log.info(fields, "Clerk webhook of a type Dripr does not handle");
  else log.info(fields, "Clerk webhook handled");
  return text(200, outcome);
}

function parseChange(type: string, data: unknown): Change | { refused: string } {
  if (type === "user.created" || type === "user.updated") {
    const user = clerkUserData.safeParse(data);
    if (!user.success) return { refused: describeIssues(user.error, "data") };
    return { kind: "upsert", profile: clerkUserProfile(user.data) };
  }
  if (type === "user.deleted") {
    const deleted = clerkUserDeletedData.safeParse(data);
    if (!deleted.success) return { refused: describeIssues(deleted.error, "data") };
    return { kind: "delete", clerkUserId: deleted.data.id };
  }
  return { kind: "unhandled" };
}

async function applyOnce(
  deps: ClerkWebhookDeps,
  delivery: { eventId: string; type: string; change: Change },
): Promise<ClerkWebhookOutcome> {
  const now = deps.now();
  const record = { provider: "CLERK" as const, eventId: delivery.eventId, type: delivery.type, now };
  return applyWebhookOnce(deps.db, record, async (tx): Promise<ClerkWebhookOutcome> => {
    let outcome: ClerkWebhookOutcome = "ignored";
    const { change } = delivery;
    if (change.kind === "upsert") {
      const { user, created } = await upsertClerkAgent(tx, change.profile);
      outcome = created
        ? "created"
        : user.deletedAt
          ? "already-deleted"
          : isNewer(user.clerkUpdatedAt, change.profile.updatedAt)
            ? "stale"
            : "updated";
    } else if (change.kind === "delete") {
      outcome = (await deleteClerkAgent(tx, { clerkUserId: change.clerkUserId, now })).kind;
    }
    return outcome;
  });
}

const isNewer = (stored: Date | null, given: Date) => stored !== null && stored > given;

/**
 * After the deletion has committed (or on its redelivery): the grant is deleted here and revoked at
 * Google. A revocation Google refuses is logged by revokeGmail and changes nothing here; a failure
 * to delete the stored grant is answered 500, so Svix delivers again and this runs again.
 */
async function revokeGmailOfDeletedAgent(
  deps: ClerkWebhookDeps,
  clerkUserId: string,
  eventId: string,
): Promise<boolean> {
  const user = await deps.db.user.findUnique({
    where: { clerkUserId },
    select: { id: true, deletedAt: true },
  });
  if (!user?.deletedAt) return true;
  try {
    await deps.revokeGmail(user.id);
    return true;
  } catch (error) {
    deps.log.error(
      { err: error, eventId, userId: user.id },
      "Clerk user deleted; removing the Gmail grant failed",
    );
    return false;
  }
}

function refuse(log: Logger, eventId: string, type: string, reason: string): Response {
  log.warn({ eventId, type, reason }, "Clerk webhook refused: unexpected payload");
  return text(400, `Unexpected ${type} payload: ${reason}`);
}

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}
