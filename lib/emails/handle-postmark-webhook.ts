import { createHash, timingSafeEqual } from "node:crypto";
import { isSafeNumber, parse as parseLossless } from "lossless-json";
import { z } from "zod";
import { METADATA_EMAIL_ID } from "@/lib/delivery/postmark-transport";
import { suppressAddress } from "@/lib/emails/suppress-address";
import { applyWebhookOnce } from "@/lib/events/apply-webhook-once";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { SuppressionReason } from "@/lib/generated/prisma/enums";
import type { Logger } from "@/lib/logger";

/**
 * Postmark's bounce and spam-complaint webhooks (DESIGN.md §6; payload in
 * shared/reference/postmark-bounce-webhook.json). Protected with Basic Auth on the webhook URL, as
 * Postmark recommends. A hard bounce, a spam complaint, or an address Postmark deactivated is
 * suppressed for the agent whose email it was; soft bounces and other record types are recorded and
 * ignored. The delivery is recorded (ProcessedWebhookEvent) in the same transaction as its effects,
 * so a redelivery is a no-op and a crash leaves nothing half done.
 */

const postmarkEvent = z.looseObject({
  RecordType: z.string(),
  // Bounce IDs exceed 2^53 (the reference payload's is 4323372036854775807): the body is parsed
  // losslessly (parseBody) and the ID kept as its exact digits.
  ID: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String),
  Type: z.string().optional(),
  TypeCode: z.number().optional(),
  MessageID: z.string().optional(),
  Email: z.email(),
  Inactive: z.boolean().optional(),
  Metadata: z.record(z.string(), z.unknown()).optional(),
});
type PostmarkEvent = z.infer<typeof postmarkEvent>;

/** Bounce types that mean the address will not take mail again (Postmark's bounce type list). */
const HARD_TYPES = new Set(["HardBounce", "BadEmailAddress", "ManuallyDeactivated", "SpamNotification"]);

export type PostmarkWebhookDeps = {
  db: PrismaClient;
  /** POSTMARK_WEBHOOK_USER / POSTMARK_WEBHOOK_PASSWORD; undefined refuses every request. */
  credentials: { user: string; password: string } | undefined;
  log: Logger;
  now: () => Date;
};

export async function handlePostmarkWebhook(request: Request, deps: PostmarkWebhookDeps): Promise<Response> {
  if (!deps.credentials) {
    deps.log.error("Postmark webhook called but POSTMARK_WEBHOOK_USER/PASSWORD are not configured");
    return text(503, "Webhook credentials are not configured");
  }
  if (!basicAuthMatches(request.headers.get("authorization"), deps.credentials)) {
    return new Response("Unauthorized", {
      status: 401,
      headers: { "www-authenticate": 'Basic realm="postmark-webhooks"' },
    });
  }
  let body: unknown;
  try {
    body = parseBody(await request.text());
  } catch {
    return text(400, "Body must be JSON");
  }
  const parsed = postmarkEvent.safeParse(body);
  if (!parsed.success) {
    deps.log.warn({ issues: parsed.error.issues }, "Postmark webhook payload refused");
    return text(
      400,
      `Unexpected payload: ${parsed.error.issues.map((i) => i.path.join(".") || i.message).join(", ")}`,
    );
  }
  const outcome = await recordPostmarkEvent(deps, parsed.data);
  deps.log.info({ postmarkId: parsed.data.ID, type: parsed.data.Type, outcome }, "Postmark webhook handled");
  return text(200, outcome);
}

export type PostmarkOutcome = "suppressed" | "ignored" | "unknown-message" | "duplicate";

export async function recordPostmarkEvent(
  deps: Pick<PostmarkWebhookDeps, "db" | "now">,
  event: PostmarkEvent,
): Promise<PostmarkOutcome> {
  const now = deps.now();
  const reason = suppressionReason(event);
  const delivery = {
    provider: "POSTMARK" as const,
    eventId: `${event.RecordType}:${event.ID}`,
    type: event.Type ?? event.RecordType,
    now,
  };
  return applyWebhookOnce(deps.db, delivery, async (tx): Promise<PostmarkOutcome> => {
    let outcome: PostmarkOutcome = "ignored";
    if (reason) {
      const userId = await agentOf(tx, event);
      if (userId) {
        await suppressAddress(tx, {
          userId,
          email: event.Email,
          reason,
          source: `postmark:${event.Type ?? event.RecordType}`,
          actor: "SYSTEM",
          now,
        });
        outcome = "suppressed";
      } else outcome = "unknown-message";
    }
    return outcome;
  });
}

function suppressionReason(event: PostmarkEvent): SuppressionReason | null {
  if (event.RecordType === "SpamComplaint" || event.Type === "SpamComplaint") return "SPAM_COMPLAINT";
  if (event.RecordType !== "Bounce") return null;
  if (HARD_TYPES.has(event.Type ?? "") || event.Inactive === true) return "HARD_BOUNCE";
  return null;
}

/** JSON with every number that a double cannot hold exactly kept as its digits (a string). */
function parseBody(body: string): unknown {
  return parseLossless(body, null, (digits) => (isSafeNumber(digits) ? Number(digits) : digits));
}

/**
 * The agent who sent the message: the email id our Postmark transport put in the metadata, else
 * Postmark's MessageID we recorded when it accepted the email.
 */
async function agentOf(tx: Pick<PrismaClient, "email">, event: PostmarkEvent): Promise<string | null> {
  const emailId = z.uuid().safeParse(event.Metadata?.[METADATA_EMAIL_ID]);
  const byId = emailId.success
    ? await tx.email.findUnique({ where: { id: emailId.data }, select: { userId: true, toEmail: true } })
    : null;
  const found =
    byId ??
    (event.MessageID
      ? await tx.email.findFirst({
          where: { providerMessageId: event.MessageID },
          select: { userId: true, toEmail: true },
        })
      : null);
  // The bounce must be about the address we sent that email to.
  return found && found.toEmail === event.Email.toLowerCase() ? found.userId : null;
}

function basicAuthMatches(header: string | null, expected: { user: string; password: string }): boolean {
  const match = /^Basic\s+(.+)$/i.exec(header ?? "");
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1], "base64").toString("utf8");
  // Compare digests so the comparison takes the same time whatever the lengths.
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(`${expected.user}:${expected.password}`));
}

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}
