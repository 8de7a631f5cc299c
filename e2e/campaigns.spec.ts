import { expect, type Page, test } from "@playwright/test";
import { signInAsDemo } from "./support/sign-in";

// Runs against a production build of the app with local sign-in and a seeded database.

async function signInAs(page: Page, email: string, firstName: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("First name (for a new agent)").fill(firstName);
  await page.getByRole("button", { name: "Sign in with email" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

test("signed-out visitors are sent to sign-in, and back where they were going after it", async ({ page }) => {
  await page.goto("/campaigns?q=336");
  await expect(page).toHaveURL(/\/sign-in\?redirect_url=%2Fcampaigns%3Fq%3D336$/);
  await page.getByRole("button", { name: "Continue as the demo agent" }).click();
  await expect(page).toHaveURL(/\/campaigns\?q=336$/);
});

test("an agent signs in, sees validation errors, creates a campaign and finds it listed", async ({
  page,
}) => {
  await signInAsDemo(page);
  await page.getByRole("link", { name: "Campaigns", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Campaigns" })).toBeVisible();
  // The seeded demo campaigns are there.
  await expect(page.locator("tbody tr").first()).toBeVisible();

  await page.getByRole("link", { name: "New campaign" }).click();
  const unique = Date.now().toString(36);
  await page.getByLabel("First name").fill("Priya");
  await page.getByLabel("Last name").fill(`Shah ${unique}`);
  await page.getByLabel("Email", { exact: true }).fill("priya.shah@");
  await page.getByLabel("Street address").fill("88 Lakeshore Blvd");
  await page.getByLabel("City").fill("Austin");
  await page.getByLabel("State").selectOption("TX");
  await page.getByLabel("ZIP code").fill("7870");
  await page.getByLabel("Send day of the month").fill("29");
  await page.getByRole("button", { name: "Create campaign" }).click();

  await expect(page.getByRole("alert").filter({ hasText: "Some fields need attention." })).toBeVisible();
  await expect(page.getByText("Enter the client's email address, like name@example.com")).toBeVisible();
  await expect(page.getByText("Enter a 5-digit ZIP code, like 78704")).toBeVisible();
  await expect(page.getByText("The send day must be between 1 and 28 (every month has one)")).toBeVisible();
  // What the agent typed is kept.
  await expect(page.getByLabel("Street address")).toHaveValue("88 Lakeshore Blvd");

  await page.getByLabel("Email", { exact: true }).fill(`priya.${unique}@example.com`);
  await page.getByLabel("ZIP code").fill("78704");
  await page.getByLabel("Send day of the month").fill("25");
  await page.getByRole("button", { name: "Create campaign" }).click();

  await expect(page.getByText("Campaign created.")).toBeVisible();
  await expect(page.getByRole("heading", { name: `Priya Shah ${unique}` })).toBeVisible();
  await expect(page.getByLabel("Campaign timeline")).toContainText("Campaign created");

  await page.getByRole("link", { name: "← Campaigns" }).click();
  await expect(page.getByRole("link", { name: `Priya Shah ${unique}` })).toBeVisible();
});

test("an agent edits, disables and deletes a campaign", async ({ page }) => {
  await signInAsDemo(page);
  await page.goto("/campaigns/new");
  const unique = Date.now().toString(36);
  await page.getByLabel("First name").fill("Tom");
  await page.getByLabel("Last name").fill(`Baker ${unique}`);
  await page.getByLabel("Email", { exact: true }).fill(`tom.${unique}@example.com`);
  await page.getByLabel("Street address").fill("12 Elm St");
  await page.getByLabel("City").fill("Tampa");
  await page.getByLabel("State").selectOption("FL");
  await page.getByLabel("ZIP code").fill("33606");
  await page.getByLabel("Send day of the month").fill("3");
  await page.getByRole("button", { name: "Create campaign" }).click();
  await expect(page.getByText("Campaign created.")).toBeVisible();

  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Send day of the month").fill("0");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("The send day must be between 1 and 28", { exact: true })).toBeVisible();
  await page.getByLabel("Send day of the month").fill("20");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Changes saved.")).toBeVisible();
  await expect(page.getByText("20th of each month")).toBeVisible();

  await page.getByRole("button", { name: "Disable" }).click();
  await expect(page.getByText("This campaign is disabled")).toBeVisible();
  await page.getByRole("button", { name: "Enable" }).click();
  await expect(page.getByText("This campaign is disabled")).toBeHidden();

  await page.getByText("Delete…").click();
  await page.getByRole("button", { name: "Delete campaign" }).click();
  await expect(page.getByText("Campaign deleted.")).toBeVisible();
  await expect(page.getByRole("link", { name: `Tom Baker ${unique}` })).toHaveCount(0);
});

test("an agent cannot see another agent's campaign", async ({ page, browser }) => {
  await signInAsDemo(page);
  await page.goto("/campaigns");
  await page.locator("tbody tr a").first().click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  const demoCampaignUrl = page.url();

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signInAs(otherPage, `intruder.${Date.now()}@agents.example.com`, "Ivy");
  await otherPage.goto("/campaigns");
  await expect(otherPage.getByText("No campaigns yet")).toBeVisible();
  const response = await otherPage.goto(demoCampaignUrl);
  expect(response?.status()).toBe(404);
  await expect(otherPage.getByRole("heading", { name: "Not found" })).toBeVisible();
  const edit = await otherPage.goto(`${demoCampaignUrl}/edit`);
  expect(edit?.status()).toBe(404);
  await other.close();
});
