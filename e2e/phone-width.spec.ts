import { randomUUID } from "node:crypto";
import { expect, type Page, type TestInfo, test } from "@playwright/test";
import { issueApprovalToken } from "@/lib/emails/approval-link";
import { exampleHomeownerVariables } from "@/lib/emails/example-variables";
import { renderHomeownerEmail } from "@/lib/emails/render-homeowner-email";
import { unsubscribeToken } from "@/lib/emails/unsubscribe-link";
import { campaignAwaitingApproval, closeE2eFixtures, e2eDb, LINK_SECRET } from "./support/e2e-fixtures";
import { expectFitsWindow } from "./support/fits-window";
import { signInAsDemo } from "./support/sign-in";

// Issue 15: every page fits a phone (360 and 390 px wide) without sideways scrolling, the main
// navigation shows every link, and the campaign list shows each campaign's status. A full-page
// screenshot of each page is kept with the test's results.

const WIDTHS = [360, 390] as const;

// Long, unbroken values a real client list has: they must wrap, not widen the page.
const LONG = {
  clientFirstName: "Maximiliana-Alexandria",
  clientLastName: "Featherstonehaugh-Worthington",
  clientEmail: "maximiliana.featherstonehaugh-worthington@longfamilyname-holdings.example.com",
};

test.afterAll(closeE2eFixtures);

/** A homeowner email as the pipeline renders it, so the previews show a real one. */
const realEmailHtml = () => renderHomeownerEmail(exampleHomeownerVariables()).html;

async function outboxMessageFor(agentId: string, html: string) {
  const id = randomUUID();
  return e2eDb.localOutboxMessage.create({
    data: {
      userId: agentId,
      kind: "homeowner",
      fromAddress: "Dana Whitfield <dana.whitfield@harborpine-realty-group.example.com>",
      toAddress: `${LONG.clientFirstName} ${LONG.clientLastName} <${LONG.clientEmail}>`,
      subject: "Your home at 12345 Northwest Longwood Hollow Boulevard: December update",
      html,
      text: `Hi ${LONG.clientFirstName},\n\nhttps://app.dripr.example/unsubscribe/${"x".repeat(180)}`,
      headers: {
        "List-Unsubscribe": `<https://app.dripr.example/unsubscribe/${"x".repeat(180)}>, <mailto:unsubscribe@dripr.example?subject=${"y".repeat(60)}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
      messageId: `<${id}.${"z".repeat(40)}@dripr.example>`,
    },
  });
}

async function check(
  page: Page,
  testInfo: TestInfo,
  name: string,
  path: string,
  ready?: () => Promise<void>,
) {
  await page.goto(path);
  await ready?.();
  await expectFitsWindow(page, name, testInfo);
}

for (const width of WIDTHS) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 800 } });

    test("signed-out pages fit the phone", async ({ page }, testInfo) => {
      test.setTimeout(120_000);
      const { email } = await campaignAwaitingApproval({ html: realEmailHtml(), campaign: LONG });
      const { token } = await issueApprovalToken(e2eDb, email.id, LINK_SECRET, new Date());
      const leaving = await campaignAwaitingApproval({ html: realEmailHtml(), campaign: LONG });
      const unsubscribe = await unsubscribeToken(leaving.campaign.id, LINK_SECRET);

      await check(page, testInfo, "landing", "/");
      await check(page, testInfo, "sign-in", "/sign-in");
      await check(page, testInfo, "approve", `/approve/${token}`, async () => {
        await expect(page.getByRole("heading", { name: "Approve this email?" })).toBeVisible();
      });
      await check(page, testInfo, "unsubscribe", `/unsubscribe/${unsubscribe}`, async () => {
        await expect(page.getByRole("button", { name: "Unsubscribe" })).toBeVisible();
      });
    });

    test("the agent's pages fit the phone, with the whole navigation and each campaign's status", async ({
      page,
    }, testInfo) => {
      test.setTimeout(120_000);
      const { agent, campaign } = await campaignAwaitingApproval({ html: realEmailHtml(), campaign: LONG });
      const message = await outboxMessageFor(agent.id, realEmailHtml());
      await signInAsDemo(page);

      await check(page, testInfo, "dashboard", "/dashboard");
      const nav = page.getByRole("navigation", { name: "Main" });
      for (const label of ["Dashboard", "Campaigns", "Outbox", "Settings"]) {
        await expect
          .soft(nav.getByRole("link", { name: label }), `${label} in view`)
          .toBeInViewport({ ratio: 1 });
      }
      await expect.soft(page.getByRole("button", { name: "Sign out" })).toBeInViewport({ ratio: 1 });

      await check(page, testInfo, "campaigns", "/campaigns");
      // The newest campaign first: its status is on screen, not in a column off to the right.
      const row = page.locator("tbody tr").first();
      await expect(row).toContainText(LONG.clientLastName);
      await expect.soft(row.locator("td").last(), "status in view").toBeInViewport({ ratio: 1 });

      await check(page, testInfo, "campaign", `/campaigns/${campaign.id}`, async () => {
        await expect(page.frameLocator("iframe").getByText("Hi Maria")).toBeVisible();
      });
      // Opened, the delete confirmation is on screen too.
      await page.getByText("Delete…").click();
      await expect.soft(page.getByRole("button", { name: "Delete campaign" })).toBeInViewport({ ratio: 1 });
      await expectFitsWindow(page, "campaign with the delete confirmation open");

      await check(page, testInfo, "new-campaign", "/campaigns/new");
      await check(page, testInfo, "edit-campaign", `/campaigns/${campaign.id}/edit`);
      await check(page, testInfo, "settings", "/settings");
      await check(page, testInfo, "billing", "/settings/billing", async () => {
        await expect(page.getByRole("heading", { name: "Billing is off" })).toBeVisible();
      });
      await check(page, testInfo, "outbox", "/outbox");
      await check(page, testInfo, "outbox-message", `/outbox/${message.id}`);
    });
  });
}
