import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBillingState } from "@/lib/billing/get-billing-state";
import { openBillingPortal } from "@/lib/billing/open-billing-portal";
import { startCheckout } from "@/lib/billing/start-checkout";
import { handleStripeWebhook } from "@/lib/billing/webhooks/handle-stripe-webhook";
import { getDb } from "@/lib/db";
import { captureLogger } from "@/lib/events/emulator-for-tests";
import { createTestAgent } from "@/test/factories/agent";
import { testBillingDeps } from "@/test/fakes/billing";
import { type StripeServer, startStripeServer } from "@/test/vendors/stripe-server";

// The path the browser test takes, over HTTP: the agent opens Checkout's URL on the Stripe wire
// server, comes back to the billing page, and the events reach the webhook endpoint on their own;
// then another process changes the subscription through the server's test API.
const NOW = new Date("2031-03-10T15:00:00Z");
let stripe: StripeServer;
let app: http.Server;

beforeAll(async () => {
  // The app's webhook endpoint: the same handler the route runs.
  const ref: { server?: StripeServer } = {};
  app = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const request = new Request("http://127.0.0.1/api/webhooks/stripe", {
        method: "POST",
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      });
      const deps = testBillingDeps(ref.server as StripeServer, () => NOW);
      const response = await handleStripeWebhook(request, deps, captureLogger().log);
      res.writeHead(response.status);
      res.end(await response.text());
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  const { port } = app.address() as AddressInfo;
  stripe = await startStripeServer({
    now: () => NOW,
    webhookUrl: `http://127.0.0.1:${port}/api/webhooks/stripe`,
  });
  ref.server = stripe;
});
afterAll(async () => {
  await stripe.close();
  await new Promise((resolve) => app.close(resolve));
});

describe("Checkout round trip", () => {
  it("Checkout URL → back to the billing page → webhooks → active; the test API drives it on", async () => {
    const deps = testBillingDeps(stripe, () => NOW);
    const agent = await createTestAgent(getDb());
    const { url, sessionId } = await startCheckout(deps, agent.id, { plan: "solo", interval: "monthly" });

    const page = await fetch(url, { redirect: "manual" });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe(
      `http://127.0.0.1:3100/settings/billing?checkout=success&session_id=${sessionId}`,
    );
    await stripe.delivered();
    const state = await getBillingState(agent.id, NOW, { db: getDb(), billing: deps.billing });
    expect(state).toMatchObject({
      mode: "self-serve",
      gate: { gated: false },
      canChoosePlan: false,
      canManageBilling: true,
      subscription: {
        status: "ACTIVE",
        plan: { key: "solo", name: "Solo", campaignLimit: 250 },
        interval: "monthly",
        renewsAt: new Date("2031-04-10T15:00:00Z"),
        endsAt: null,
        live: true,
      },
    });

    const { stripeSubscriptionId: subscriptionId } = await getDb().user.findUniqueOrThrow({
      where: { id: agent.id },
    });
    const failed = await fetch(`${stripe.url}/_test/subscriptions/${subscriptionId}/fail-payment`, {
      method: "POST",
    });
    expect(failed.status).toBe(200);
    const pastDue = await getBillingState(agent.id, NOW, { db: getDb(), billing: deps.billing });
    expect(pastDue.subscription).toMatchObject({
      status: "PAST_DUE",
      pastDueGraceEndsAt: new Date("2031-03-17T15:00:00Z"),
    });
    expect(pastDue.gate).toEqual({ gated: false, pastDueGraceEndsAt: new Date("2031-03-17T15:00:00Z") });

    const portal = await fetch((await openBillingPortal(deps, agent.id)).url);
    expect(await portal.text()).toContain('href="http://127.0.0.1:3100/settings/billing"');
  });
});
