import type { BillingDeps } from "@/lib/billing/billing-deps";
import { createStripeClient } from "@/lib/clients/stripe/create-stripe-client";
import { getDb } from "@/lib/db";
import type { BillingConfig } from "@/lib/env";
import { logger } from "@/lib/logger";
import type { StripeServer } from "@/test/vendors/stripe-server";

/** Price ids the billing tests configure (yearly Pro left out: an interval without a price). */
export const TEST_PRICES = {
  solo: { monthly: "price_solo_monthly", yearly: "price_solo_yearly" },
  pro: { monthly: "price_pro_monthly", yearly: undefined },
} satisfies BillingConfig["prices"];

/** Intervals of the test prices, for the Stripe server's renewals. */
export const TEST_PRICE_INTERVALS = { price_solo_yearly: "year" } as const;

export function testBillingConfig(
  server: StripeServer,
  overrides: Partial<BillingConfig> = {},
): BillingConfig {
  return {
    secretKey: server.secretKey,
    webhookSecret: server.webhookSecret,
    prices: TEST_PRICES,
    trialDays: 0,
    pastDueGraceDays: 7,
    api: server.api,
    ...overrides,
  };
}

/** Billing deps on the real SDK pointed at the local Stripe server, with the test's clock. */
export function testBillingDeps(
  server: StripeServer,
  now: () => Date,
  overrides: Partial<BillingConfig> = {},
): BillingDeps {
  const billing = testBillingConfig(server, overrides);
  return {
    db: getDb(),
    stripe: createStripeClient(billing),
    billing,
    appUrl: "http://127.0.0.1:3100",
    log: logger,
    now,
  };
}
