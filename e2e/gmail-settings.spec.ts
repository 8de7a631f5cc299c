import { expect, test } from "@playwright/test";
import pg from "pg";

/** The browser tests' database (playwright.config.ts). */
const E2E_DATABASE_URL = "postgresql://postgres:postgres@127.0.0.1:54349/dripr_e2e";

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
  await expect(section.getByRole("alert")).toContainText(
    "Gmail was not connected: Gmail sending is not configured",
  );
  // Shown once: the outcome is not kept in the address bar (components/clear-flash-params.tsx).
  await expect(page).toHaveURL(/\/settings$/);
});

test("the Gmail callback sends a signed-out visitor to sign-in", async ({ page }) => {
  await page.goto("/api/gmail/oauth/callback?code=x&state=y");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("an agent whose Gmail grant was revoked is told on the dashboard", async ({ page }) => {
  const email = `revoked.${Date.now()}@agents.example.com`;
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("First name (for a new agent)").fill("Rita");
  await page.getByRole("button", { name: "Sign in with email" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("gmail-alert")).toHaveCount(0);

  // What the sender records when Google refuses the grant (lib/delivery/gmail-connection/mark-gmail-revoked.ts).
  const db = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO "GmailConnection" (id, "userId", "googleEmail", "encryptedRefreshToken", scope, status, "lastError", "revokedAt", "updatedAt")
       SELECT gen_random_uuid(), id, 'rita.agent@gmail.com', 'v1.x.y.z', 'gmail.send', 'REVOKED', 'invalid_grant', now(), now()
       FROM "User" WHERE email = $1`,
      [email],
    );
  } finally {
    await db.end();
  }
  await page.reload();
  const alert = page.getByTestId("gmail-alert");
  await expect(alert).toContainText("Gmail access for rita.agent@gmail.com stopped working");
  await expect(alert).toContainText("with your name and your address as Reply-To");
  await alert.getByRole("link", { name: "Reconnect Gmail" }).click();
  await expect(page).toHaveURL(/\/settings$/);
});
