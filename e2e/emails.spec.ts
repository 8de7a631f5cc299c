import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { issueApprovalToken } from "@/lib/emails/approval-link";
import { unsubscribeToken } from "@/lib/emails/unsubscribe-link";
import { campaignAwaitingApproval, closeE2eFixtures, e2eDb, LINK_SECRET } from "./support/e2e-fixtures";
import { signInAsDemo } from "./support/sign-in";

// Approve links, unsubscribe links and the campaign page's approval tools in a real browser against
// the production build (local mode). Each test makes its own campaign and email in the e2e database
// and stores the email's HTML in the e2e emulator's bucket, as the email-creation consumer would.

test.afterAll(closeE2eFixtures);

/** A demo-agent campaign whose email waits for approval; its HTML carries a unique marker. */
async function pendingEmail() {
  const marker = `Preview marker ${randomUUID().slice(0, 8)}`;
  const { campaign, email } = await campaignAwaitingApproval({
    html: `<!DOCTYPE html><html><body><p>${marker}</p></body></html>`,
  });
  return { campaign, email, marker };
}

const approvalOf = async (id: string) =>
  (await e2eDb.email.findUniqueOrThrow({ where: { id }, select: { approvalStatus: true } })).approvalStatus;

test("an approve link: opening it shows the exact email and changes nothing; the button approves once", async ({
  page,
  request,
}) => {
  const { email, marker } = await pendingEmail();
  const { token } = await issueApprovalToken(e2eDb, email.id, LINK_SECRET, new Date());

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
  const { token } = await issueApprovalToken(e2eDb, email.id, LINK_SECRET, new Date());
  await page.goto(`/approve/${token.slice(0, -4)}abcd`);
  await expect(page.getByText("This approve link is not valid")).toBeVisible();
  await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);
  expect(await approvalOf(email.id)).toBe("PENDING");
});

test("unsubscribe: the footer link's page asks with one button; a scanner that fetches it or runs its scripts changes nothing; one-click POST unsubscribes", async ({
  page,
  request,
}) => {
  const first = await pendingEmail();
  const token = await unsubscribeToken(first.campaign.id, LINK_SECRET);
  const scanned = await request.get(`/unsubscribe/${token}`);
  expect(scanned.status()).toBe(200);
  expect(await scanned.text()).toContain("Unsubscribe");
  const unsubscribedAt = async (id: string) =>
    (await e2eDb.campaign.findUniqueOrThrow({ where: { id } })).unsubscribedAt;
  expect(await unsubscribedAt(first.campaign.id)).toBeNull();

  // A browser (or a scanner running the page's scripts) that opens the page and waits: nothing changes.
  await page.goto(`/unsubscribe/${token}`);
  await expect(
    page.getByRole("heading", { name: `Unsubscribe ${first.campaign.clientEmail}?` }),
  ).toBeVisible();
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(1_000);
  expect(await unsubscribedAt(first.campaign.id)).toBeNull();

  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(page.getByRole("heading", { name: "You are unsubscribed" })).toBeVisible();
  await expect(page.getByText(first.campaign.clientEmail)).toBeVisible();
  expect(await unsubscribedAt(first.campaign.id)).not.toBeNull();
  expect((await e2eDb.email.findUniqueOrThrow({ where: { id: first.email.id } })).status).toBe("CANCELED");

  const second = await pendingEmail();
  const oneClick = await request.post(
    `/unsubscribe/${await unsubscribeToken(second.campaign.id, LINK_SECRET)}`,
    {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      data: "List-Unsubscribe=One-Click",
    },
  );
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
  expect(await e2eDb.email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
    status: "CANCELED",
    approvalStatus: "REJECTED",
  });
  expect((await e2eDb.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status).toBe("DORMANT");
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
