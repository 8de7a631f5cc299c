import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { PrismaPg } from "@prisma/adapter-pg";
import { unsubscribeToken } from "@/lib/emails/unsubscribe-link";
import { LOCAL_DEFAULTS } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { signInAsDemo } from "./support/sign-in";

// What the agent is told about a campaign, the same on the list, the campaign page and the
// dashboard. Each test makes its own demo-agent campaign in the e2e database (no workers run here).

// playwright.config.ts and e2e/support/e2e-services.ts use the same numbers.
const db = new PrismaClient({
  adapter: new PrismaPg({ connectionString: "postgresql://postgres:postgres@127.0.0.1:54349/dripr_e2e" }),
});
const DAY_MS = 86_400_000;

test.afterAll(async () => {
  await db.$disconnect();
});

const demoAgent = () => db.user.findUniqueOrThrow({ where: { email: "demo@dripr.local" } });

function campaignData(userId: string, firstName: string, unique: string) {
  return {
    userId,
    clientFirstName: firstName,
    clientLastName: unique,
    clientEmail: `${firstName.toLowerCase()}.${unique}@example.com`,
    propertyAddressLine1: `${unique} Orchard Lane`,
    propertyCity: "Montclair",
    propertyState: "NJ",
    zipCode: "07042",
    fixedSendDay: 20,
  };
}

test("a client who unsubscribed shows as unsubscribed on the list, the campaign page and the dashboard", async ({
  page,
}) => {
  const agent = await demoAgent();
  const unique = randomUUID().slice(0, 8);
  const name = `Leaving ${unique}`;
  // Its cycle is overdue, so until the client unsubscribes it is the first email coming up.
  const campaign = await db.campaign.create({
    data: {
      ...campaignData(agent.id, "Leaving", unique),
      status: "DORMANT",
      cycle: 3,
      createdAt: new Date(Date.now() - 90 * DAY_MS),
      lastSentEmailDatetime: new Date(Date.now() - 60 * DAY_MS),
      nextSendDate: new Date(Date.now() - 30 * DAY_MS),
    },
  });

  await signInAsDemo(page);
  const comingUp = page.getByRole("list", { name: "Coming up" });
  const activeStat = page.getByRole("link", { name: /^Active campaigns/ });
  await expect(comingUp).toContainText(name);
  const activeBefore = Number((await activeStat.textContent())?.replace(/\D/g, ""));

  // The homeowner opens the unsubscribe link of the email's footer.
  await page.goto(`/unsubscribe/${await unsubscribeToken(campaign.id, LOCAL_DEFAULTS.linkSigningSecret)}`);
  await expect(page.getByRole("heading", { name: "You are unsubscribed" })).toBeVisible();

  // The list: the status says so, no next email, and the Unsubscribed tab finds it.
  await page.goto(`/campaigns?q=${unique}`);
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row.getByTestId("campaign-status")).toHaveText("Unsubscribed");
  await expect(row.getByRole("cell").nth(3)).toHaveText("—");
  await page.getByRole("link", { name: /^Unsubscribed \(\d+\)$/ }).click();
  await expect(page.getByRole("link", { name })).toBeVisible();
  // Not in its pipeline status's tab.
  await page.goto("/campaigns?status=DORMANT");
  await expect(page.getByRole("link", { name })).toHaveCount(0);

  // The campaign page.
  await page.goto(`/campaigns/${campaign.id}`);
  await expect(page.getByRole("heading", { name }).getByTestId("campaign-status")).toHaveText("Unsubscribed");
  await expect(page.getByText(/^Unsubscribed on .*Dripr will not email them again\.$/)).toBeVisible();
  await expect(page.getByText("Next email", { exact: true }).locator("..")).toContainText("—");

  // The dashboard: not coming up, not counted as active, counted as unsubscribed.
  await page.goto("/dashboard");
  await expect(comingUp).toBeVisible();
  await expect(comingUp).not.toContainText(name);
  const active = await db.campaign.count({
    where: { userId: agent.id, enabled: true, unsubscribedAt: null },
  });
  expect(active).toBe(activeBefore - 1);
  await expect(activeStat).toHaveText(new RegExp(`^Active campaigns\\s*${active}$`));
  const unsubscribed = await db.campaign.count({
    where: { userId: agent.id, unsubscribedAt: { not: null } },
  });
  await expect(page.getByRole("link", { name: /^Unsubscribed/ })).toHaveText(
    new RegExp(`^Unsubscribed\\s*${unsubscribed}$`),
  );
});

test("the dashboard lists an email waiting for approval under Needs you, and its Approve button approves it", async ({
  page,
}) => {
  const agent = await demoAgent();
  const unique = randomUUID().slice(0, 8);
  const campaign = await db.campaign.create({
    data: {
      ...campaignData(agent.id, "Waiting", unique),
      checkBeforeSending: true,
      status: "READY_TO_CREATE_EMAIL",
      emailCreationStatus: "READY",
      cycle: 1,
    },
  });
  const id = randomUUID();
  const email = await db.email.create({
    data: {
      id,
      campaignId: campaign.id,
      userId: agent.id,
      cycle: 1,
      toEmail: campaign.clientEmail,
      toName: campaign.clientFirstName,
      subject: `Your home at ${unique} Orchard Lane: December update`,
      textBody: "…",
      htmlStorageKey: `emails/${agent.id}/${campaign.id}/${id}.html`,
      // The soonest of the waiting approvals, so it is listed whatever other tests left waiting.
      scheduledSendDatetime: new Date(Date.now() + 60_000),
      approvalStatus: "PENDING",
      messageId: `<${id}@e2e.test>`,
    },
  });

  await signInAsDemo(page);
  const needsYou = page.getByRole("region", { name: "Needs you" });
  const item = needsYou.getByTestId("needs-approval").filter({ hasText: `Waiting ${unique}` });
  await expect(item).toContainText("Waiting for your approval");
  await expect(item).toContainText(email.subject);
  await item.getByRole("button", { name: `Approve the email to Waiting` }).click();
  await expect(item).toHaveCount(0);
  expect((await db.email.findUniqueOrThrow({ where: { id } })).approvalStatus).toBe("APPROVED");

  // Approved, it no longer reads as being prepared: it is ready, with the time it goes out.
  await page.goto(`/campaigns/${campaign.id}`);
  await expect(page.getByTestId("campaign-status")).toHaveText(/^(Ready — goes out .+|Sending)$/);
});
