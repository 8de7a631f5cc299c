import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { PrismaPg } from "@prisma/adapter-pg";
import { createS3Client } from "@/lib/clients/aws/s3-client";
import { issueApprovalToken } from "@/lib/emails/approval-link";
import { emailHtmlKey, putEmailHtml } from "@/lib/emails/email-html-storage";
import { unsubscribeToken } from "@/lib/emails/unsubscribe-link";
import { LOCAL_DEFAULTS } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { signInAsDemo } from "./support/sign-in";

// Approve links, unsubscribe links and the campaign page's approval tools in a real browser against
// the production build (local mode). Each test makes its own campaign and email in the e2e database
// and stores the email's HTML in the e2e emulator's bucket, as the email-creation consumer would.

// playwright.config.ts and e2e/support/e2e-services.ts use the same numbers.
const db = new PrismaClient({
  adapter: new PrismaPg({ connectionString: "postgresql://postgres:postgres@127.0.0.1:54349/dripr_e2e" }),
});
const s3 = createS3Client({
  region: "us-east-1",
  endpoint: "http://127.0.0.1:54341",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
});
const SECRET = LOCAL_DEFAULTS.linkSigningSecret;

test.afterAll(async () => {
  s3.destroy();
  await db.$disconnect();
});

/** A demo-agent campaign whose email waits for approval; its HTML carries a unique marker. */
async function pendingEmail() {
  const agent = await db.user.findUniqueOrThrow({ where: { email: "demo@dripr.local" } });
  const unique = randomUUID().slice(0, 8);
  const campaign = await db.campaign.create({
    data: {
      userId: agent.id,
      clientFirstName: `Approval${unique}`,
      clientEmail: `approval.${unique}@example.com`,
      propertyAddressLine1: `${unique} Test Lane`,
      propertyCity: "Montclair",
      propertyState: "NJ",
      zipCode: "07042",
      fixedSendDay: 20,
      checkBeforeSending: true,
      status: "READY_TO_CREATE_EMAIL",
      emailCreationStatus: "READY",
      cycle: 1,
    },
  });
  const id = randomUUID();
  const key = emailHtmlKey(agent.id, campaign.id, id);
  const marker = `Preview marker ${unique}`;
  await putEmailHtml(
    s3,
    "dripr-local-emails",
    key,
    `<!DOCTYPE html><html><body><p>${marker}</p></body></html>`,
  );
  const email = await db.email.create({
    data: {
      id,
      campaignId: campaign.id,
      userId: agent.id,
      cycle: 1,
      toEmail: campaign.clientEmail,
      toName: campaign.clientFirstName,
      subject: `Your home at ${unique} Test Lane: December update`,
      introText: "I hope the new house is treating you well.",
      textBody: "…",
      htmlStorageKey: key,
      scheduledSendDatetime: new Date(Date.now() + 3 * 86_400_000),
      approvalStatus: "PENDING",
      messageId: `<${id}@e2e.test>`,
    },
  });
  return { campaign, email, marker };
}

const approvalOf = async (id: string) =>
  (await db.email.findUniqueOrThrow({ where: { id }, select: { approvalStatus: true } })).approvalStatus;

test("an approve link: opening it shows the exact email and changes nothing; the button approves once", async ({
  page,
  request,
}) => {
  const { email, marker } = await pendingEmail();
  const { token } = await issueApprovalToken(db, email.id, SECRET, new Date());

  // What a mail scanner does: GET the link (twice). Nothing is approved.
  for (let i = 0; i < 2; i++) expect((await request.get(`/approve/${token}`)).status()).toBe(200);
  await page.goto(`/approve/${token}`);
  await expect(page.getByRole("heading", { name: "Approve this email?" })).toBeVisible();
  await expect(page.getByText(email.subject)).toBeVisible();
  await expect(page.frameLocator("iframe").getByText(marker)).toBeVisible();
  await expect(page.getByRole("button")).toHaveCount(1);
  expect(await approvalOf(email.id)).toBe("PENDING");

  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("heading", { name: "Approved" })).toBeVisible();
  expect(await approvalOf(email.id)).toBe("APPROVED");

  // The same link again: says why, changes nothing.
  await page.goto(`/approve/${token}`);
  await expect(page.getByRole("heading", { name: "Nothing was approved" })).toBeVisible();
  await expect(page.getByText("This approve link was already used.")).toBeVisible();
});

test("a tampered approve link says it is not valid", async ({ page }) => {
  const { email } = await pendingEmail();
  const { token } = await issueApprovalToken(db, email.id, SECRET, new Date());
  await page.goto(`/approve/${token.slice(0, -4)}abcd`);
  await expect(page.getByText("This approve link is not valid")).toBeVisible();
  await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);
  expect(await approvalOf(email.id)).toBe("PENDING");
});

test("unsubscribe: the footer link's page unsubscribes at once; a bare GET (link scanner) does not; one-click POST does", async ({
  page,
  request,
}) => {
  const first = await pendingEmail();
  const token = await unsubscribeToken(first.campaign.id, SECRET);
  const scanned = await request.get(`/unsubscribe/${token}`);
  expect(scanned.status()).toBe(200);
  expect(await scanned.text()).toContain("Unsubscribing");
  const unsubscribedAt = async (id: string) =>
    (await db.campaign.findUniqueOrThrow({ where: { id } })).unsubscribedAt;
  expect(await unsubscribedAt(first.campaign.id)).toBeNull();

  await page.goto(`/unsubscribe/${token}`);
  await expect(page.getByRole("heading", { name: "You are unsubscribed" })).toBeVisible();
  await expect(page.getByText(first.campaign.clientEmail)).toBeVisible();
  expect(await unsubscribedAt(first.campaign.id)).not.toBeNull();
  expect((await db.email.findUniqueOrThrow({ where: { id: first.email.id } })).status).toBe("CANCELED");

  const second = await pendingEmail();
  const oneClick = await request.post(`/unsubscribe/${await unsubscribeToken(second.campaign.id, SECRET)}`, {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    data: "List-Unsubscribe=One-Click",
  });
  expect(oneClick.status()).toBe(200);
  expect(await unsubscribedAt(second.campaign.id)).not.toBeNull();
});

test("in the app the agent previews the exact email, edits subject and intro, and skips the month", async ({
  page,
}) => {
  const { campaign, email, marker } = await pendingEmail();
  await signInAsDemo(page);
  await page.goto(`/campaigns/${campaign.id}`);
  await expect(page.frameLocator("iframe").getByText(marker)).toBeVisible();

  await page.getByText("Edit subject and intro…").click();
  await page.getByLabel("Subject").fill("x");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("The subject needs at least 3 characters")).toBeVisible();

  await page.getByText("Skip this month…").click();
  await page.getByRole("button", { name: "Skip this email" }).click();
  await expect(page.getByText("Email skipped. The next one is prepared for next month.")).toBeVisible();
  await expect(page.getByText("You skipped this email; it will not be sent.")).toBeVisible();
  expect(await db.email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
    status: "CANCELED",
    approvalStatus: "REJECTED",
  });
  expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status).toBe("DORMANT");
});

test("an agent without a postal address is told why before adding a campaign, and cannot add one", async ({
  page,
}) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(`no.address.${Date.now()}@agents.example.com`);
  await page.getByLabel("First name (for a new agent)").fill("Noor");
  await page.getByRole("button", { name: "Sign in with email" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  await page.goto("/campaigns/new");
  const why =
    "Add your postal address in Settings first: the law (CAN-SPAM) requires it in every email you send.";
  await expect(page.getByText(why)).toBeVisible();
  await page.getByLabel("First name").fill("Maria");
  await page.getByLabel("Email", { exact: true }).fill("maria.noaddress@example.com");
  await page.getByLabel("Street address").fill("12 Elm St");
  await page.getByLabel("City").fill("Austin");
  await page.getByLabel("State").selectOption("TX");
  await page.getByLabel("ZIP code").fill("78704");
  await page.getByRole("button", { name: "Create campaign" }).click();
  await expect(page.getByRole("alert").filter({ hasText: why })).toHaveCount(2);
  await expect(page).toHaveURL(/\/campaigns\/new$/);
});
