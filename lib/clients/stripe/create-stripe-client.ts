import Stripe from "stripe";
import type { BillingConfig } from "@/lib/env";

/**
 * The Stripe SDK client (stripe@23, API version pinned by the package: 2026-10-28.endive). With
 * `api` set (STRIPE_API_URL, tests only) it talks to a local wire-format server
 * (test/vendors/stripe-server.ts) over its host, port and protocol; telemetry is off there so every
 * request looks the same. Retries: the SDK retries network errors and 5xx with the same idempotency
 * key (notes/stripe-and-lightsail.md A1).
 */
export function createStripeClient(config: Pick<BillingConfig, "secretKey" | "api">): Stripe {
  return new Stripe(config.secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(config.api ? { ...config.api, telemetry: false } : {}),
  });
}
