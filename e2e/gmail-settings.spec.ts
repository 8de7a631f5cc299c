import { expect, test } from "@playwright/test";

// The browser tests run in local mode without Google credentials: Settings says how mail goes out,
// and the OAuth callback refuses anything it is handed, with the reason shown to the agent.

test("Settings explains sending, and a stray Gmail callback is refused with the reason", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Continue as the demo agent" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  await page.goto("/settings");
  const section = page.getByRole("region", { name: "Send from your Gmail" });
  await expect(section).toContainText("Gmail sending is not set up on this server");
  await expect(section).toContainText("the local outbox");

  await page.goto("/api/gmail/oauth/callback?code=4%2Fforged&state=forged");
  await expect(page).toHaveURL(/\/settings\?gmail=error/);
  await expect(section.getByRole("alert")).toContainText(
    "Gmail was not connected: Gmail sending is not configured",
  );
});

test("the Gmail callback sends a signed-out visitor to sign-in", async ({ page }) => {
  await page.goto("/api/gmail/oauth/callback?code=x&state=y");
  await expect(page).toHaveURL(/\/sign-in/);
});
