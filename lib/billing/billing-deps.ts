import type Stripe from "stripe";
import { createStripeClient } from "@/lib/clients/stripe/create-stripe-client";
import type { AppConfig, BillingConfig } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Logger } from "@/lib/logger";

/** What the billing use cases work with; tests build it with their own clock and Stripe server. */
export type BillingDeps = {
  db: PrismaClient;
  stripe: Stripe;
  billing: BillingConfig;
  /** Where Checkout and the Customer Portal send the agent back (APP_URL). */
  appUrl: string;
  log: Logger;
  now: () => Date;
};

let cachedStripe: { key: BillingConfig; client: Stripe } | undefined;

/** The billing deps of this process; undefined when billing is off (no STRIPE_SECRET_KEY). */
export function createBillingDeps(config: AppConfig, db: PrismaClient, log: Logger): BillingDeps | undefined {
  const billing = config.billing;
  if (!billing) return undefined;
  if (cachedStripe?.key !== billing) cachedStripe = { key: billing, client: createStripeClient(billing) };
  return { db, stripe: cachedStripe.client, billing, appUrl: config.appUrl, log, now: () => new Date() };
}
