import { expect, test } from "@playwright/test";
import { campaignAwaitingApproval, closeE2eFixtures, e2eDb } from "./support/e2e-fixtures";
import { signInAsDemo } from "./support/sign-in";

// Issue 15, items 1, 8 and 9: the phone an agent types is saved and shown formatted; an intro that
// greets the client itself loses that greeting; a failed submit puts the keyboard on the first field
// in error.

test.afterAll(closeE2eFixtures);

const demoPhone = async () =>
  (await e2eDb.user.findUniqueOrThrow({ where: { email: "demo@dripr.local" }, select: { phone: true } }))
    .phone;

test('the demo agent saves Settings with "(973) 555-0142", stored once and shown formatted', async ({
  page,
}) => {
  // A phone saved before numbers were normalized, in another format: shown formatted all the same.
  await e2eDb.user.update({ where: { email: "demo@dripr.local" }, data: { phone: "973.555.0142" } });
  await signInAsDemo(page);
  await page.goto("/settings");
  const phone = page.getByLabel("Phone");
  await expect(phone).toHaveValue("(973) 555-0142");

  await phone.fill("(973) 555-0142");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  expect(await demoPhone()).toBe("+19735550142");
  await page.reload();
  await expect(phone).toHaveValue("(973) 555-0142");

  // Any common way of typing it ends up the same.
  await phone.fill("+1 973-555-0142");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  await page.reload();
  await expect(phone).toHaveValue("(973) 555-0142");
  expect(await demoPhone()).toBe("+19735550142");
});

test("after a failed save, focus is on the first field in error and the summary is announced", async ({
  page,
}) => {
  await signInAsDemo(page);
  await page.goto("/settings");
  // From the keyboard: two mistakes, the later one typed last, submitted with Enter.
  await page.getByLabel("Phone").fill("555-0142");
  await page.getByLabel("ZIP code").fill("0704");
  await page.getByLabel("ZIP code").press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: "Some fields need attention." })).toBeVisible();
  const phone = page.getByLabel("Phone");
  await expect(phone).toBeFocused();
  await expect(phone).toHaveAttribute("aria-invalid", "true");
  await expect(phone).toHaveAccessibleDescription("Enter a phone number like (973) 555-0142");
  await expect(page.getByLabel("ZIP code")).toHaveAccessibleDescription("Enter a 5-digit ZIP code");
  await page.screenshot({ path: test.info().outputPath("settings-failed-save.png") });
  expect(await demoPhone()).toBe("+19735550142");

  // Fixing the phone and failing again moves focus on to the field still in error.
  await phone.fill("(973) 555-0142");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByLabel("ZIP code")).toBeFocused();

  // The same in another form: a new campaign with a bad email and ZIP.
  await page.goto("/campaigns/new");
  await page.getByLabel("First name").fill("Priya");
  await page.getByLabel("Email", { exact: true }).fill("priya.shah@");
  await page.getByLabel("Street address").fill("88 Lakeshore Blvd");
  await page.getByLabel("ZIP code").fill("7870");
  await page.getByRole("button", { name: "Create campaign" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Some fields need attention." })).toBeVisible();
  await expect(page.getByLabel("Email", { exact: true })).toBeFocused();
});

test("local sign-in with a bad email puts focus back on it, with the summary announced", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill("not-an-email");
  await page.getByRole("button", { name: "Sign in with email" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Check the highlighted field." })).toBeVisible();
  await expect(page.getByLabel("Email", { exact: true })).toBeFocused();
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue("not-an-email");
});

/** A demo-agent campaign whose first email, to Laura, waits for approval, with the data it is rendered from. */
async function editableEmail() {
  const { campaign, email } = await campaignAwaitingApproval({
    campaign: { clientFirstName: "Laura" },
    cycleData: true,
  });
  return { campaign, emailId: email.id };
}

test("an intro the agent starts with “Hi Laura —” is saved without that greeting, and the agent is told", async ({
  page,
}) => {
  const { campaign, emailId } = await editableEmail();
  await signInAsDemo(page);
  await page.goto(`/campaigns/${campaign.id}`);
  await page.getByText("Edit subject and intro…").click();
  const intro = page.getByLabel("Intro");

  // Only a greeting is not an intro: refused, with focus on the intro.
  await intro.fill("Hi Laura — thanks!");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("The intro needs at least 10 characters besides the greeting")).toBeVisible();
  await expect(intro).toBeFocused();

  await intro.fill("Hi Laura — hope the move went well and the boxes are all unpacked.");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status")).toContainText(
    "The email already greets your client by name above the intro, so your “Hi Laura —” was taken out.",
  );
  await expect(intro).toHaveValue("Hope the move went well and the boxes are all unpacked.");
  expect((await e2eDb.email.findUniqueOrThrow({ where: { id: emailId } })).introText).toBe(
    "Hope the move went well and the boxes are all unpacked.",
  );
  // The preview is the email as it goes out: one greeting.
  const preview = page.frameLocator("iframe");
  await expect(preview.getByText("Hope the move went well and the boxes are all unpacked.")).toBeVisible();
  await expect(preview.getByText(/Hi Laura/)).toHaveCount(1);
});
