import { expect, test } from "@playwright/test";
import { signInAsDemo } from "./support/sign-in";

// Issue 15: `/` tells a signed-out visitor what Dripr does; a signed-in agent goes to the dashboard.

test("a signed-out visitor sees what Dripr does, and can sign in or create an account", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("every past client");
  await expect(page.getByRole("link", { name: "Create your account" })).toHaveAttribute("href", "/sign-up");
  await page.getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("button", { name: "Continue as the demo agent" })).toBeVisible();
});

test("a signed-in agent opening / goes to the dashboard", async ({ page }) => {
  await signInAsDemo(page);
  await page.goto("/");
  await expect(page).toHaveURL(/\/dashboard$/);
});
