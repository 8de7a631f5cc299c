import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { PrismaPg } from "@prisma/adapter-pg";
import { createS3Client } from "@/lib/clients/aws/s3-client";
import { emailHtmlKey, putEmailHtml } from "@/lib/emails/email-html-storage";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { TEST_VALUATION } from "@/test/factories/market-data";
import { signInAsDemo } from "./support/sign-in";

// Issue 15, items 1, 8 and 9: the phone an agent types is saved and shown formatted; an intro that
// greets the client itself loses that greeting; a failed submit puts the keyboard on the first field
// in error.

// playwright.config.ts and e2e/support/e2e-services.ts use the same numbers.
const db = new PrismaClient({
  adapter: new PrismaPg({ connectionString: "postgresql://postgres:postgres@127.0.0.1:54349/dripr_e2e" }),
});
const s3 = createS3Client({
  region: "us-east-1",
  endpoint: "http://127.0.0.1:54341",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
});

test.afterAll(async () => {
  s3.destroy();
  await db.$disconnect();
});

const demoPhone = async () =>
  (await db.user.findUniqueOrThrow({ where: { email: "demo@dripr.local" }, select: { phone: true } })).phone;

test('the demo agent saves Settings with "(973) 555-0142", stored once and shown formatted', async ({
  page,
}) => {
  // A phone saved before numbers were normalized, in another format: shown formatted all the same.
  await db.user.update({ where: { email: "demo@dripr.local" }, data: { phone: "973.555.0142" } });
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

/** A demo-agent campaign whose first email waits for approval, with the valuation it is rendered from. */
async function editableEmail() {
  const agent = await db.user.findUniqueOrThrow({ where: { email: "demo@dripr.local" } });
  const unique = randomUUID().slice(0, 8);
  const campaign = await db.campaign.create({
    data: {
      userId: agent.id,
      clientFirstName: "Laura",
      clientLastName: `Greeting${unique}`,
      clientEmail: `laura.${unique}@example.com`,
      propertyAddressLine1: `${unique} Greeting Lane`,
      propertyCity: "Montclair",
      propertyState: "NJ",
      zipCode: "07042",
      fixedSendDay: 20,
      checkBeforeSending: true,
      status: "READY_TO_CREATE_EMAIL",
      emailCreationStatus: "READY",
      cycle: 1,
      artifacts: {
        create: {
          cycle: 1,
          kind: "PROPERTY_VALUATION",
          status: "READY",
          source: "sample",
          payload: TEST_VALUATION,
        },
      },
    },
  });
  const id = randomUUID();
  const key = emailHtmlKey(agent.id, campaign.id, id);
  await putEmailHtml(
    s3,
    "dripr-local-emails",
    key,
    "<!DOCTYPE html><html><body><p>Hi Laura,</p></body></html>",
  );
  await db.email.create({
    data: {
      id,
      campaignId: campaign.id,
      userId: agent.id,
      cycle: 1,
      toEmail: campaign.clientEmail,
      toName: `Laura Greeting${unique}`,
      subject: `Your home at ${unique} Greeting Lane: December update`,
      introText: "I hope the new house is treating you well.",
      textBody: "…",
      htmlStorageKey: key,
      scheduledSendDatetime: new Date(Date.now() + 3 * 86_400_000),
      approvalStatus: "PENDING",
      messageId: `<${id}@e2e.test>`,
    },
  });
  return { campaign, emailId: id };
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
  expect((await db.email.findUniqueOrThrow({ where: { id: emailId } })).introText).toBe(
    "Hope the move went well and the boxes are all unpacked.",
  );
  // The preview is the email as it goes out: one greeting.
  const preview = page.frameLocator("iframe");
  await expect(preview.getByText("Hope the move went well and the boxes are all unpacked.")).toBeVisible();
  await expect(preview.getByText(/Hi Laura/)).toHaveCount(1);
});
