import { parseArgs } from "node:util";
import {
  DEFAULT_STRIPE_TEST_SECRET_KEY,
  DEFAULT_STRIPE_WEBHOOK_SECRET,
  startStripeServer,
} from "./stripe-server";

/**
 * Runs the Stripe wire server (stripe-server.ts) on its own, e.g. as a Playwright webServer:
 *   node --import tsx test/vendors/start-stripe-server.ts --port 54348 \
 *     --webhook-url http://127.0.0.1:3100/api/webhooks/stripe [--secret-key sk_test_…] [--webhook-secret whsec_…]
 *     [--yearly-price price_…]
 * Point the app at it with STRIPE_API_URL=http://127.0.0.1:54348 and the same STRIPE_SECRET_KEY and
 * STRIPE_WEBHOOK_SECRET. Events are POSTed to --webhook-url as they happen. A test drives it over
 * HTTP: POST /_test/checkout/<session id> completes a Checkout (as opening its URL does), POST
 * /_test/subscriptions/<id>/<renew|fail-payment|pay|unpaid|change-price|cancel-at-period-end|cancel>
 * with a JSON body ({"paid":true}, {"price":"price_…"}, {"value":true}) changes a subscription; both
 * answer once the events were delivered. GET /_test/events lists the events. `GET /health` answers 200.
 */

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "54348" },
    host: { type: "string", default: "127.0.0.1" },
    "secret-key": { type: "string", default: DEFAULT_STRIPE_TEST_SECRET_KEY },
    "webhook-secret": { type: "string", default: DEFAULT_STRIPE_WEBHOOK_SECRET },
    "webhook-url": { type: "string" },
    "yearly-price": { type: "string", multiple: true, default: [] },
  },
});

const server = await startStripeServer({
  port: Number(values.port),
  host: values.host,
  secretKey: values["secret-key"],
  webhookSecret: values["webhook-secret"],
  webhookUrl: values["webhook-url"],
  prices: Object.fromEntries(values["yearly-price"].map((price) => [price, "year" as const])),
});
console.log(`Stripe wire server listening on ${server.url}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
