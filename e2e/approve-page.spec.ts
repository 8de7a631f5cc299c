import { expect, type Page, test } from "@playwright/test";
import { issueApprovalToken } from "@/lib/emails/approval-link";
import { exampleHomeownerVariables } from "@/lib/emails/example-variables";
import { renderHomeownerEmail } from "@/lib/emails/render-homeowner-email";
import {
  campaignAwaitingApproval,
  closeE2eFixtures,
  e2eDb,
  LINK_SECRET,
  newAgent,
} from "./support/e2e-fixtures";

// Issue 15: the approve link's page on a phone, and what it says once the email is approved.

test.afterAll(closeE2eFixtures);

const realEmailHtml = () => renderHomeownerEmail(exampleHomeownerVariables()).html;

async function approveLinkOf(agentId?: string) {
  const { email } = await campaignAwaitingApproval({ html: realEmailHtml(), agentId });
  return (await issueApprovalToken(e2eDb, email.id, LINK_SECRET, new Date())).token;
}

/** How tall the previewed email is, and how tall its frame. */
async function previewHeights(page: Page) {
  const frame = page.locator("iframe");
  const content = await page
    .frameLocator("iframe")
    .locator("html")
    .evaluate((html) => html.scrollHeight);
  const box = await frame.evaluate((iframe) => iframe.clientHeight);
  return { content, box };
}

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the preview shows the whole email at its height, not in a short box that scrolls", async ({
    page,
  }) => {
    await page.goto(`/approve/${await approveLinkOf()}`);
    await expect(page.frameLocator("iframe").getByText("Hi Maria")).toBeVisible();
    // The frame grows to the email once it has loaded.
    await expect
      .poll(async () => {
        const { content, box } = await previewHeights(page);
        return box >= content;
      })
      .toBe(true);
    const { content } = await previewHeights(page);
    expect(content).toBeGreaterThan(844);
  });
});

test("approved: the page mentions sending hours only to an agent who keeps the sending window on", async ({
  page,
}) => {
  await page.goto(`/approve/${await approveLinkOf()}`);
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("heading", { name: "Approved" })).toBeVisible();
  // When it goes out depends on today's date, so only its form is checked: "Tue Dec 8, 11:00 AM".
  await expect(page.getByRole("status")).toContainText(
    /The email goes out \w{3} \w{3} \d{1,2}(, \d{4})?, \d{1,2}:\d\d [AP]M, inside your sending hours \(11:00–18:00\)\./,
  );

  const anyHour = await newAgent({ sendingWindowEnabled: false });
  await page.goto(`/approve/${await approveLinkOf(anyHour.id)}`);
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("heading", { name: "Approved" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText(
    /The email goes out \w{3} \w{3} \d{1,2}(, \d{4})?, \d{1,2}:\d\d [AP]M\. You can close this page\./,
  );
  await expect(page.getByRole("status")).not.toContainText("sending hours");
});

test("approved after its scheduled time: the page says it goes out now, not at a time already past", async ({
  page,
}) => {
  // Without a sending window and with the first-time delay long over, nothing but the approval
  // holds it back, whatever the time of day.
  const anyHour = await newAgent({ sendingWindowEnabled: false });
  const day = 86_400_000;
  const { email } = await campaignAwaitingApproval({
    html: realEmailHtml(),
    agentId: anyHour.id,
    campaign: { createdAt: new Date(Date.now() - 10 * day) },
    scheduledSendDatetime: new Date(Date.now() - day),
  });
  const { token } = await issueApprovalToken(e2eDb, email.id, LINK_SECRET, new Date());
  await page.goto(`/approve/${token}`);
  // What the campaign page and the dashboard say of it, not "Scheduled for" yesterday.
  const goesOut = page.getByRole("definition").filter({ hasText: "approve" });
  await expect(goesOut).toHaveText("As soon as you approve it");
  await expect(page.getByText("Scheduled for")).toHaveCount(0);

  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("status")).toContainText(
    "The email goes out in the next few minutes. You can close this page.",
  );
});
