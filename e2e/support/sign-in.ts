import { expect, type Page } from "@playwright/test";

/** Local sign-in as the seeded demo agent, landing on the dashboard. */
export async function signInAsDemo(page: Page): Promise<void> {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Continue as the demo agent" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}
