import {
  DEFAULT_STRIPE_TEST_SECRET_KEY,
  DEFAULT_STRIPE_WEBHOOK_SECRET,
} from "../../test/vendors/stripe-server";

/**
 * The billing browser tests' stack (playwright.config.ts, project `billing`): the production build
 * started a third time with Stripe's keys, pointed at the Stripe wire server
 * (test/vendors/start-stripe-server.ts), on a database of its own. Billing on gates every
 * self-serve agent without a subscription, so the other specs' app and data (the demo agent) stay
 * billing-off; `dripr_e2e_billing` is a copy of the migrated e2e database made before the seed
 * (e2e-services.ts), which also keeps the poller run by these tests (poll-once.ts) off the other
 * specs' campaigns.
 */

export const BILLING_APP_PORT = 3103;
export const BILLING_APP_URL = `http://127.0.0.1:${BILLING_APP_PORT}`;
export const STRIPE_SERVER_PORT = 54346;
export const STRIPE_SERVER_URL = `http://127.0.0.1:${STRIPE_SERVER_PORT}`;
export const BILLING_DATABASE = "dripr_e2e_billing";
export const BILLING_DATABASE_URL = `postgresql://postgres:postgres@127.0.0.1:54349/${BILLING_DATABASE}`;

export const E2E_PRICES = {
  soloMonthly: "price_e2e_solo_monthly",
  soloYearly: "price_e2e_solo_yearly",
  proMonthly: "price_e2e_pro_monthly",
};

/** What the app (and the poller of the tests) are started with on top of the e2e app's variables. */
export const BILLING_ENV = {
  DATABASE_URL: BILLING_DATABASE_URL,
  APP_URL: BILLING_APP_URL,
  STRIPE_SECRET_KEY: DEFAULT_STRIPE_TEST_SECRET_KEY,
  STRIPE_WEBHOOK_SECRET: DEFAULT_STRIPE_WEBHOOK_SECRET,
  STRIPE_API_URL: STRIPE_SERVER_URL,
  STRIPE_PRICE_SOLO_MONTHLY: E2E_PRICES.soloMonthly,
  STRIPE_PRICE_SOLO_YEARLY: E2E_PRICES.soloYearly,
  STRIPE_PRICE_PRO_MONTHLY: E2E_PRICES.proMonthly,
};

/** The Stripe wire server's command line: events go to the billing app's webhook endpoint. */
export const STRIPE_SERVER_COMMAND = [
  "exec node --import tsx test/vendors/start-stripe-server.ts",
  `--port ${STRIPE_SERVER_PORT}`,
  `--webhook-url ${BILLING_APP_URL}/api/webhooks/stripe`,
  `--yearly-price ${E2E_PRICES.soloYearly}`,
].join(" ");
