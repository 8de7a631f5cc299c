import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureStripeCustomer } from "@/lib/billing/ensure-stripe-customer";
import { getBillingState } from "@/lib/billing/get-billing-state";
import { openBillingPortal } from "@/lib/billing/open-billing-portal";
import { startCheckout } from "@/lib/billing/start-checkout";
import { getDb } from "@/lib/db";
import { ConflictError } from "@/lib/errors";
import { createTestAgent } from "@/test/factories/agent";
import { testBillingDeps } from "@/test/fakes/billing";
import { type StripeServer, startStripeServer } from "@/test/vendors/stripe-server";

// Checkout and the Customer Portal through the real SDK (stripe@23) against the local wire server.
const NOW = new Date("2031-03-10T15:00:00Z");
let server: StripeServer;

beforeAll(async () => {
  server = await startStripeServer({ now: () => NOW });
});
afterAll(() => server.close());

const deps = (overrides = {}) => testBillingDeps(server, () => NOW, overrides);
const customersOf = (userId: string) => server.customers().filter((c) => c.metadata.userId === userId);

describe("startCheckout", () => {
  it("creates the customer once, then a subscription-mode session naming the agent", async () => {
    const agent = await createTestAgent(getDb());
    const { url, sessionId } = await startCheckout(deps(), agent.id, { plan: "pro", interval: "monthly" });
    expect(url).toBe(`${server.url}/checkout/${sessionId}`);

    const [customer] = customersOf(agent.id);
    expect(customer).toMatchObject({ email: agent.email, name: `${agent.firstName} ${agent.lastName}` });
    const stored = await getDb().user.findUniqueOrThrow({ where: { id: agent.id } });
    expect(stored.stripeCustomerId).toBe(customer?.id);

    const request = server.requests.findLast((r) => r.path === "/v1/checkout/sessions");
    expect(request?.headers["stripe-version"]).toBe("2026-10-28.endive");
    expect(request?.params).toEqual({
      mode: "subscription",
      customer: customer?.id,
      client_reference_id: agent.id,
      line_items: [{ price: "price_pro_monthly", quantity: "1" }],
      success_url: "http://127.0.0.1:3100/settings/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "http://127.0.0.1:3100/settings/billing?checkout=canceled",
      metadata: { userId: agent.id, plan: "pro" },
      subscription_data: { metadata: { userId: agent.id } },
    });

    // A second Checkout (the first was abandoned) reuses the customer.
    await startCheckout(deps(), agent.id, { plan: "solo", interval: "yearly" });
    expect(customersOf(agent.id)).toHaveLength(1);
    expect(server.requests.findLast((r) => r.path === "/v1/checkout/sessions")?.params).toMatchObject({
      customer: customer?.id,
      line_items: [{ price: "price_solo_yearly", quantity: "1" }],
    });
  });

  it("concurrent first clicks create one customer at Stripe and store it", async () => {
    const agent = await createTestAgent(getDb());
    const before = server.count("POST", "/v1/customers");
    const sessions = await Promise.all(
      Array.from({ length: 4 }, () => startCheckout(deps(), agent.id, { plan: "solo", interval: "monthly" })),
    );
    expect(server.count("POST", "/v1/customers") - before).toBeGreaterThanOrEqual(1);
    const customers = customersOf(agent.id);
    expect(customers).toHaveLength(1);
    const stored = await getDb().user.findUniqueOrThrow({ where: { id: agent.id } });
    expect(stored.stripeCustomerId).toBe(customers[0]?.id);
    const sessionCustomers = server
      .checkoutSessions()
      .filter((s) => sessions.some((mine) => mine.sessionId === s.id))
      .map((s) => s.customer);
    expect(sessionCustomers).toEqual(Array(4).fill(customers[0]?.id));
  });

  it("gives the configured trial to a first subscription only, as the billing page promises", async () => {
    const agent = await createTestAgent(getDb());
    const page = () =>
      getBillingState(agent.id, NOW, { db: getDb(), billing: deps({ trialDays: 14 }).billing });
    expect((await page()).checkoutTrialDays).toBe(14);
    await startCheckout(deps({ trialDays: 14 }), agent.id, { plan: "solo", interval: "monthly" });
    expect(server.requests.findLast((r) => r.path === "/v1/checkout/sessions")?.params).toMatchObject({
      subscription_data: { trial_period_days: "14", metadata: { userId: agent.id } },
    });
    await getDb().user.update({
      where: { id: agent.id },
      data: { stripeSubscriptionId: `sub_old_${agent.id}`, subscriptionStatus: "CANCELED" },
    });
    await startCheckout(deps({ trialDays: 14 }), agent.id, { plan: "solo", interval: "monthly" });
    const params = server.requests.findLast((r) => r.path === "/v1/checkout/sessions")?.params;
    expect(params?.subscription_data).toEqual({ metadata: { userId: agent.id } });
    expect((await page()).checkoutTrialDays).toBe(0);
  });

  it("refuses a live subscription, a managed agent and an interval without a price, before calling Stripe", async () => {
    const live = await createTestAgent(getDb(), { subscriptionStatus: "PAST_DUE" });
    const managed = await createTestAgent(getDb(), { managedClientId: "acme-realty" });
    const fresh = await createTestAgent(getDb());
    const before = server.requests.length;
    await expect(startCheckout(deps(), live.id, { plan: "pro", interval: "monthly" })).rejects.toThrow(
      /already have a subscription/,
    );
    await expect(startCheckout(deps(), managed.id, { plan: "pro", interval: "monthly" })).rejects.toThrow(
      ConflictError,
    );
    await expect(startCheckout(deps(), fresh.id, { plan: "pro", interval: "yearly" })).rejects.toThrow(
      "The pro plan is not sold yearly.",
    );
    expect(server.requests.length).toBe(before);
  });
});

describe("openBillingPortal", () => {
  it("opens the portal for the agent's customer, back to the billing page", async () => {
    const agent = await createTestAgent(getDb());
    await expect(openBillingPortal(deps(), agent.id)).rejects.toThrow("Choose a plan first.");
    await startCheckout(deps(), agent.id, { plan: "solo", interval: "monthly" });
    const { url } = await openBillingPortal(deps(), agent.id);
    expect(url).toMatch(new RegExp(`^${server.url}/portal/bps_`));
    const [customer] = customersOf(agent.id);
    expect(server.requests.findLast((r) => r.path === "/v1/billing_portal/sessions")?.params).toEqual({
      customer: customer?.id,
      return_url: "http://127.0.0.1:3100/settings/billing",
    });
  });
});

describe("ensureStripeCustomer", () => {
  it("calls that all saw no customer yet (the race) get one customer at Stripe, stored once", async () => {
    const agent = await createTestAgent(getDb());
    const before = server.count("POST", "/v1/customers");
    const ids = await Promise.all(Array.from({ length: 4 }, () => ensureStripeCustomer(deps(), agent)));
    expect(server.count("POST", "/v1/customers") - before).toBe(4);
    const customers = customersOf(agent.id);
    expect(customers).toHaveLength(1);
    expect(ids).toEqual(Array(4).fill(customers[0]?.id));
    const stored = await getDb().user.findUniqueOrThrow({ where: { id: agent.id } });
    expect(stored.stripeCustomerId).toBe(customers[0]?.id);
    // Idempotency keys are per agent and what is sent: another agent gets their own customer.
    const other = await createTestAgent(getDb());
    expect(await ensureStripeCustomer(deps(), other)).not.toBe(customers[0]?.id);
  });
});
