import { expect, test } from "@playwright/test";
import { signInAsDemo } from "./support/sign-in";

// Issue 15 #7: a one-time notice ("Campaign created.") is shown once. It used to live in the URL, so
// a reload, a bookmark or the next action on the page showed it again.

test("notices are shown once: not kept in the address bar, gone after a reload or the next action", async ({
  page,
}) => {
  await signInAsDemo(page);
  await page.goto("/campaigns/new");
  const unique = Date.now().toString(36);
  await page.getByLabel("First name").fill("Nora");
  await page.getByLabel("Last name").fill(`Flash ${unique}`);
  await page.getByLabel("Email", { exact: true }).fill(`nora.${unique}@example.com`);
  await page.getByLabel("Street address").fill("7 Orchard Ln");
  await page.getByLabel("City").fill("Austin");
  await page.getByLabel("State").selectOption("TX");
  await page.getByLabel("ZIP code").fill("78704");
  await page.getByLabel("Send day of the month").fill("12");
  await page.getByRole("button", { name: "Create campaign" }).click();

  const created = page.getByText("Campaign created.");
  await expect(created).toBeVisible();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  await page.reload();
  await expect(page.getByRole("heading", { name: `Nora Flash ${unique}` })).toBeVisible();
  await expect(created).toBeHidden();

  // A second notice on the same page is cleared as well; the next action's refresh drops it.
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByRole("button", { name: "Save changes" }).click();
  const saved = page.getByText("Changes saved.");
  await expect(saved).toBeVisible();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  await page.getByRole("button", { name: "Disable" }).click();
  await expect(page.getByText("This campaign is disabled")).toBeVisible();
  await expect(saved).toBeHidden();
  await expect(created).toBeHidden();

  await page.getByText("Delete…").click();
  await page.getByRole("button", { name: "Delete campaign" }).click();
  const deleted = page.getByText("Campaign deleted.");
  await expect(deleted).toBeVisible();
  await expect(page).toHaveURL(/\/campaigns$/);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Campaigns" })).toBeVisible();
  await expect(deleted).toBeHidden();
});

test("the dashboard's notice that an email could no longer be approved is shown once too", async ({
  page,
}) => {
  await signInAsDemo(page);
  // Where the dashboard's Approve button lands when the email was sent or replaced meanwhile.
  await page.goto("/dashboard?approval=stale");
  const stale = page.getByText("That email can no longer be approved");
  await expect(stale).toBeVisible();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.reload();
  await expect(page.getByRole("heading", { name: /Welcome back/ })).toBeVisible();
  await expect(stale).toBeHidden();
});
