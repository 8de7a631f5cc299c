import { expect, test } from "@playwright/test";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { BILLING_APP_URL, BILLING_DATABASE_URL, STRIPE_SERVER_URL } from "./support/billing-e2e";
import { closeE2eFixtures, newAgent, newCampaignFields } from "./support/e2e-fixtures";
import { expectFitsWindow } from "./support/fits-window";
import { pollOnceWithBilling } from "./support/poll-once";
import { signInAs } from "./support/sign-in";

// Issue 16, billing on (the `billing` project: the app with Stripe's keys, the Stripe wire server,
// a database of its own; e2e/support/billing-e2e.ts). A self-serve agent without a subscription
// sees why nothing is prepared, chooses a plan, pays in (the local server's) Checkout, and the
// webhook makes the subscription active; then the poller starts the campaign's cycle.

const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: BILLING_DATABASE_URL }) });

test.afterAll(async () => {
  await db.$disconnect();
  await closeE2eFixtures();
});

/** A campaign as creating one leaves it: its first cycle due now. */
const dueCampaign = (userId: string) =>
  db.campaign.create({ data: { ...newCampaignFields(userId), nextSendDate: new Date() } });

const campaignStatus = async (id: string) =>
  (await db.campaign.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;

test("an unpaid agent's campaign waits, Checkout and its webhook make the plan active, and the cycle starts", async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  const agent = await newAgent({}, db);
  const campaign = await dueCampaign(agent.id);
  await signInAs(page, agent.email);

  // Every page that shows the campaign says why nothing is prepared, with the way out.
  const gate = page.getByTestId("billing-gate");
  await expect(gate).toContainText("You have no subscription yet, so no emails are being prepared.");
  await page.goto("/campaigns");
  await expect(gate).toContainText("You have no subscription yet");
  await page.goto(`/campaigns/${campaign.id}`);
  await expect(gate).toContainText("You have no subscription yet");
  await expectFitsWindow(page, "campaign of an agent without a plan", testInfo);

  // The poller leaves it: billing does not let this agent start cycles.
  await pollOnceWithBilling();
  expect(await campaignStatus(campaign.id)).toBe("DORMANT");

  await gate.getByRole("link", { name: "Choose a plan" }).click();
  await expect(page).toHaveURL(/\/settings\/billing$/);
  await expect(page.getByTestId("billing-usage")).toContainText("1 of 250 active campaigns");
  const checkout = page.waitForRequest((request) =>
    request.url().startsWith(`${STRIPE_SERVER_URL}/checkout/cs_`),
  );
  await page.getByRole("button", { name: "Solo, Monthly" }).click();

  // Checkout (the local server's page completes the session) sends the browser back here.
  const response = await (await checkout).response();
  const sessionId = (await checkout).url().split("/").at(-1);
  expect(response?.status()).toBe(303);
  expect(response?.headers().location).toBe(
    `${BILLING_APP_URL}/settings/billing?checkout=success&session_id=${sessionId}`,
  );
  // The webhook may land before or after the page: either way it ends confirmed, without a reload.
  await expect(page.getByText("Payment confirmed: your Solo plan is active.")).toBeVisible({
    timeout: 15_000,
  });
  await expect(page.getByTestId("subscription-status")).toHaveText("Active");
  await expect(page.getByTestId("billing-plan")).toContainText("Renews on");
  await expect(page.getByTestId("billing-gate")).toHaveCount(0);
  await expect(page).toHaveURL(`${BILLING_APP_URL}/settings/billing`);
  const stored = await db.user.findUniqueOrThrow({ where: { id: agent.id } });
  expect(stored).toMatchObject({ subscriptionStatus: "ACTIVE", subscriptionPlan: "solo" });

  // Paid: the next tick starts the campaign's cycle, and its page says so.
  await pollOnceWithBilling();
  expect(await campaignStatus(campaign.id)).toBe("WAITING_FOR_DATA");
  await page.goto(`/campaigns/${campaign.id}`);
  await expect(page.getByTestId("campaign-status").first()).toContainText("Gathering data");
  await expect(page.getByTestId("billing-gate")).toHaveCount(0);

  // Manage billing opens the Customer Portal, which returns to the billing page.
  await page.goto("/settings/billing");
  await page.getByRole("button", { name: "Manage billing" }).click();
  await expect(page.getByRole("heading", { name: "Customer portal (test)" })).toBeVisible();
  await page.getByRole("link", { name: "Return" }).click();
  await expect(page).toHaveURL(`${BILLING_APP_URL}/settings/billing`);
  await expect(page.getByRole("heading", { name: "Choose a plan" })).toHaveCount(0);
});

test("back from Checkout before the webhook the page says it is confirming, then shows the plan; a failed payment and an unpaid invoice are explained (phone width)", async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 360, height: 800 });
  const agent = await newAgent({}, db);
  await dueCampaign(agent.id);
  await signInAs(page, agent.email);
  await page.goto("/settings/billing");
  await expect(page.getByRole("heading", { name: "Choose a plan" })).toBeVisible();
  await expectFitsWindow(page, "billing without a plan", testInfo);

  // The agent is still on Stripe's Checkout page: the session is open, nothing paid yet.
  await page.route(`${STRIPE_SERVER_URL}/checkout/**`, (route) =>
    route.fulfill({ contentType: "text/html", body: "<h1>Checkout (held by the test)</h1>" }),
  );
  await page.getByRole("button", { name: "Solo, Yearly" }).click();
  await expect(page.getByRole("heading", { name: "Checkout (held by the test)" })).toBeVisible();
  const sessionId = new URL(page.url()).pathname.split("/").at(-1);
  await page.goto(`/settings/billing?checkout=success&session_id=${sessionId}`);
  await expect(page.getByTestId("checkout-confirming")).toHaveText(/Confirming your payment…/);
  await expectFitsWindow(page, "billing while confirming", testInfo);

  // Now the customer pays: the server delivers the events to the webhook before it answers.
  const paid = await fetch(`${STRIPE_SERVER_URL}/_test/checkout/${sessionId}`, { method: "POST" });
  expect(paid.status).toBe(200);
  const subscriptionId = ((await paid.json()) as { id: string }).id;
  await expect(page.getByText("Payment confirmed: your Solo plan is active.")).toBeVisible();
  await expect(page.getByTestId("checkout-confirming")).toHaveCount(0);
  await expect(page.getByTestId("billing-plan")).toContainText("Yearly");
  await expectFitsWindow(page, "billing with a plan", testInfo);

  // A failed payment: campaigns go on through the grace period, and the dashboard says until when.
  const failed = await fetch(`${STRIPE_SERVER_URL}/_test/subscriptions/${subscriptionId}/fail-payment`, {
    method: "POST",
  });
  expect(failed.status).toBe(200);
  await page.goto("/dashboard");
  await expect(page.getByTestId("billing-grace")).toContainText("Your last payment failed.");
  await expect(page.getByTestId("billing-gate")).toHaveCount(0);

  // Unpaid: nothing new is prepared, and the way out is to pay the invoice.
  const unpaid = await fetch(`${STRIPE_SERVER_URL}/_test/subscriptions/${subscriptionId}/unpaid`, {
    method: "POST",
  });
  expect(unpaid.status).toBe(200);
  await page.reload();
  const gate = page.getByTestId("billing-gate");
  await expect(gate).toContainText("Your subscription is unpaid");
  await expect(gate.getByRole("link", { name: "Pay the invoice" })).toBeVisible();
  await expectFitsWindow(page, "dashboard with the billing notice", testInfo);
  await page.goto("/settings/billing");
  await expect(page.getByTestId("subscription-status")).toHaveText("Unpaid");
  await expect(page.getByTestId("billing-plan")).toContainText("Period ends");
  await expect(page.getByRole("button", { name: "Manage billing" })).toBeVisible();
  await expectFitsWindow(page, "billing unpaid", testInfo);
});
