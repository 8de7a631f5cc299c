import { expect, type Page, test } from "@playwright/test";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

// Issue 15, item 1: the phone an agent types is saved and shown formatted.

// playwright.config.ts and e2e/support/e2e-services.ts use the same number.
const db = new PrismaClient({
  adapter: new PrismaPg({ connectionString: "postgresql://postgres:postgres@127.0.0.1:54349/dripr_e2e" }),
});

test.afterAll(async () => {
  await db.$disconnect();
});

async function signInAsDemo(page: Page) {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Continue as the demo agent" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

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
