import type Stripe from "stripe";
import type { BillingDeps } from "@/lib/billing/billing-deps";
import type { Logger } from "@/lib/logger";
import { processStripeEvent } from "./process-stripe-event";

/**
 * Stripe's webhook endpoint (DESIGN.md §8, README "Billing"). The raw body is verified with the SDK
 * (HMAC-SHA256 signature with STRIPE_WEBHOOK_SECRET; the signed timestamp at most 300 s old at
 * `deps.now()`), then the event is applied once (process-stripe-event.ts) before the answer:
 * - bad or missing signature, stale timestamp: 400, nothing changes;
 * - a type Dripr does not handle: 200, logged;
 * - billing off, or no signing secret: 503 (Stripe keeps retrying until configured).
 */
export async function handleStripeWebhook(
  request: Request,
  deps: BillingDeps | undefined,
  log: Logger,
): Promise<Response> {
  const secret = deps?.billing.webhookSecret;
  if (!deps || !secret) {
    log.error("Stripe webhook called but billing or STRIPE_WEBHOOK_SECRET is not configured");
    return text(503, "Stripe billing is not configured");
  }
  const body = await request.text();
  let event: Stripe.Event;
  try {
    event = await deps.stripe.webhooks.constructEventAsync(
      body,
      request.headers.get("stripe-signature") ?? "",
      secret,
      undefined,
      undefined,
      deps.now().getTime(),
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log.warn({ reason }, "Stripe webhook refused: verification failed");
    return text(400, `Webhook verification failed: ${reason}`);
  }
  const outcome = await processStripeEvent(deps, event);
  const fields = { eventId: event.id, type: event.type, outcome };
  if (outcome === "unhandled") log.info(fields, "Stripe webhook of a type Dripr does not handle");
  else if (outcome === "unknown-customer") log.warn(fields, "Stripe webhook for a customer of no agent");
  else log.info(fields, "Stripe webhook handled");
  return text(200, outcome);
}

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}
