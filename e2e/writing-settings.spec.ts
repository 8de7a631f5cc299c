import { expect, test } from "@playwright/test";

// Issue 5: the agent's tone and sign-off, and what local mode says about who writes the texts.

test("an agent sets a tone and sign-off, with validation, and sees the built-in writer in local mode", async ({
  page,
}) => {
  const unique = Date.now().toString(36);
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(`writer.${unique}@example.com`);
  await page.getByLabel("First name (for a new agent)").fill("Robin");
  await page.getByRole("button", { name: "Sign in with email" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  // The month's AI figure is the agent's own: a new agent has nothing yet, and local mode says so.
  const usage = page.getByTestId("ai-usage");
  await expect(usage).toContainText("$0.00");
  await expect(usage).toContainText("No intros or home reports written yet this month.");
  await expect(usage).toContainText("Local mode: written by the built-in writer");

  await page.goto("/settings");
  const writing = page.getByRole("region", { name: "Writing" });
  await expect(writing.getByTestId("writer-mode")).toContainText("written by the built-in writer");
  await expect(writing.getByLabel("Tone", { exact: true })).toHaveValue("Warm and friendly");

  await writing.getByLabel("Tone", { exact: true }).selectOption("custom");
  await writing.getByLabel("Sign-off").fill("Cheers <b>");
  await writing.getByRole("button", { name: "Save writing settings" }).click();
  await expect(
    writing.getByRole("alert").filter({ hasText: "Your writing settings need attention." }),
  ).toBeVisible();
  await expect(writing.getByText("Describe your tone, or pick one of the list")).toBeVisible();
  await expect(writing.getByText(/Use plain words for the sign-off/)).toBeVisible();
  await expect(writing.getByLabel("Sign-off")).toHaveValue("Cheers <b>");

  await writing.getByLabel("Describe your tone").fill("Friendly but brief");
  await writing.getByLabel("Sign-off").fill("Cheers,");
  await writing.getByRole("button", { name: "Save writing settings" }).click();
  await expect(writing.getByText("Writing settings saved.")).toBeVisible();

  await page.reload();
  await expect(writing.getByLabel("Tone", { exact: true })).toHaveValue("custom");
  await expect(writing.getByLabel("Describe your tone")).toHaveValue("Friendly but brief");
  await expect(writing.getByLabel("Sign-off")).toHaveValue("Cheers,");
});
