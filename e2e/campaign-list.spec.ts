import { expect, type Locator, test } from "@playwright/test";
import { exampleHomeownerVariables } from "@/lib/emails/example-variables";
import { renderHomeownerEmail } from "@/lib/emails/render-homeowner-email";
import { campaignAwaitingApproval, closeE2eFixtures } from "./support/e2e-fixtures";
import { signInAsDemo } from "./support/sign-in";

// Issue 15: the campaign list says how it is ordered, counts every filter tab, and its search box
// shows its whole placeholder.

test.afterAll(closeE2eFixtures);

/** Whether the input's placeholder fits inside its text area (measured in the input's own font). */
async function placeholderFits(input: Locator): Promise<{ text: number; room: number }> {
  return input.evaluate((el: HTMLInputElement) => {
    const style = getComputedStyle(el);
    const context = document.createElement("canvas").getContext("2d");
    if (!context) throw new Error("no canvas");
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room =
      el.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight);
    return { text: context.measureText(el.placeholder).width, room };
  });
}

test("the list is newest added first, says so, and counts the disabled campaigns", async ({ page }) => {
  const { campaign } = await campaignAwaitingApproval({
    html: renderHomeownerEmail(exampleHomeownerVariables()).html,
  });
  await signInAsDemo(page);
  await page.goto("/campaigns");
  await expect(page.getByText(/^\d+ campaigns, newest added first$/)).toBeVisible();
  await expect(page.locator("tbody tr").first()).toContainText(campaign.clientFirstName);

  const disabledTab = page.getByRole("navigation", { name: "Filter by status" }).getByRole("link", {
    name: /^Disabled \(\d+\)$/,
  });
  const count = Number((await disabledTab.textContent())?.match(/\((\d+)\)/)?.[1]);
  await disabledTab.click();
  await expect(page).toHaveURL(/disabled=1/);
  await expect(page.locator("tbody tr")).toHaveCount(count);
});

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 360, height: 800 },
]) {
  test(`the search box shows its whole placeholder at ${viewport.width} px`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await signInAsDemo(page);
    await page.goto("/campaigns");
    const search = page.getByRole("searchbox", { name: "Search campaigns" });
    const { text, room } = await placeholderFits(search);
    expect(text, `placeholder ${text}px in ${room}px`).toBeLessThanOrEqual(room);
  });
}
