import { expect, type Page } from "@playwright/test";

/** Local sign-in as the seeded demo agent, landing on the dashboard. */
export async function signInAsDemo(page: Page): Promise<void> {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Continue as the demo agent" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

/** Local sign-in as an existing local agent (or a new one) by email, landing on the dashboard. */
export async function signInAs(page: Page, email: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Sign in with email" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}
