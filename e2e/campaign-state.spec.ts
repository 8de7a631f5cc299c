import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { unsubscribeToken } from "@/lib/emails/unsubscribe-link";
import { campaignAwaitingApproval, closeE2eFixtures, e2eDb, LINK_SECRET } from "./support/e2e-fixtures";
import { signInAsDemo } from "./support/sign-in";

// What the agent is told about a campaign, the same on the list, the campaign page and the
// dashboard. Each test makes its own demo-agent campaign in the e2e database (no workers run here).

const DAY_MS = 86_400_000;

test.afterAll(closeE2eFixtures);

const demoAgent = () => e2eDb.user.findUniqueOrThrow({ where: { email: "demo@dripr.local" } });

function campaignData(userId: string, firstName: string, unique: string) {
  return {
    userId,
    clientFirstName: firstName,
    clientLastName: unique,
    clientEmail: `${firstName.toLowerCase()}.${unique}@example.com`,
    propertyAddressLine1: `${unique} Orchard Lane`,
    propertyCity: "Montclair",
    propertyState: "NJ",
    zipCode: "07042",
    fixedSendDay: 20,
  };
}

test("a client who unsubscribed shows as unsubscribed on the list, the campaign page and the dashboard", async ({
  page,
}) => {
  const agent = await demoAgent();
  const unique = randomUUID().slice(0, 8);
  const name = `Leaving ${unique}`;
  // Its cycle is overdue, so until the client unsubscribes it is the first email coming up.
  const campaign = await e2eDb.campaign.create({
    data: {
      ...campaignData(agent.id, "Leaving", unique),
      status: "DORMANT",
      cycle: 3,
      createdAt: new Date(Date.now() - 90 * DAY_MS),
      lastSentEmailDatetime: new Date(Date.now() - 60 * DAY_MS),
      nextSendDate: new Date(Date.now() - 30 * DAY_MS),
    },
  });

  await signInAsDemo(page);
  const comingUp = page.getByRole("list", { name: "Coming up" });
  const activeStat = page.getByRole("link", { name: /^Active campaigns/ });
  await expect(comingUp).toContainText(name);
  const activeBefore = Number((await activeStat.textContent())?.replace(/\D/g, ""));

  // The homeowner opens the unsubscribe link of the email's footer.
  await page.goto(`/unsubscribe/${await unsubscribeToken(campaign.id, LINK_SECRET)}`);
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(page.getByRole("heading", { name: "You are unsubscribed" })).toBeVisible();

  // The list: the status says so, no next email, and the Unsubscribed tab finds it.
  await page.goto(`/campaigns?q=${unique}`);
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row.getByTestId("campaign-status")).toHaveText("Unsubscribed");
  await expect(row.getByRole("cell").nth(3)).toHaveText("—");
  await page.getByRole("link", { name: /^Unsubscribed \(\d+\)$/ }).click();
  await expect(page.getByRole("link", { name })).toBeVisible();
  // Not in its pipeline status's tab.
  await page.goto("/campaigns?status=DORMANT");
  await expect(page.getByRole("link", { name })).toHaveCount(0);

  // The campaign page.
  await page.goto(`/campaigns/${campaign.id}`);
  await expect(page.getByRole("heading", { name }).getByTestId("campaign-status")).toHaveText("Unsubscribed");
  await expect(page.getByText(/^Unsubscribed on .*Dripr will not email them again\.$/)).toBeVisible();
  await expect(page.getByText("Next email", { exact: true }).locator("..")).toContainText("—");

  // The dashboard: not coming up, not counted as active, counted as unsubscribed.
  await page.goto("/dashboard");
  await expect(comingUp).toBeVisible();
  await expect(comingUp).not.toContainText(name);
  const active = await e2eDb.campaign.count({
    where: { userId: agent.id, enabled: true, unsubscribedAt: null },
  });
  expect(active).toBe(activeBefore - 1);
  await expect(activeStat).toHaveText(new RegExp(`^Active campaigns\\s*${active}$`));
  const unsubscribed = await e2eDb.campaign.count({
    where: { userId: agent.id, unsubscribedAt: { not: null } },
  });
  await expect(page.getByRole("link", { name: /^Unsubscribed/ })).toHaveText(
    new RegExp(`^Unsubscribed\\s*${unsubscribed}$`),
  );
});

test("the dashboard lists an email waiting for approval under Needs you, and its Approve button approves it", async ({
  page,
}) => {
  const unique = randomUUID().slice(0, 8);
  const { campaign, email } = await campaignAwaitingApproval({
    campaign: { clientFirstName: "Waiting", clientLastName: unique },
    // The soonest of the waiting approvals, so it is listed whatever other tests left waiting.
    scheduledSendDatetime: new Date(Date.now() + 60_000),
  });
  const { id } = email;

  await signInAsDemo(page);
  const needsYou = page.getByRole("region", { name: "Needs you" });
  const item = needsYou.getByTestId("needs-approval").filter({ hasText: `Waiting ${unique}` });
  await expect(item).toContainText("Waiting for your approval");
  await expect(item).toContainText(email.subject);
  await item.getByRole("button", { name: `Approve the email to Waiting` }).click();
  await expect(item).toHaveCount(0);
  expect((await e2eDb.email.findUniqueOrThrow({ where: { id } })).approvalStatus).toBe("APPROVED");

  // Approved, it no longer reads as being prepared: it is ready, with the time it goes out.
  await page.goto(`/campaigns/${campaign.id}`);
  await expect(page.getByTestId("campaign-status")).toHaveText(/^(Ready — goes out .+|Sending)$/);
});
