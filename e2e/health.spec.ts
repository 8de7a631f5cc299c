import { expect, test } from "@playwright/test";

test("the health endpoint answers 200 with status ok", async ({ page }) => {
  const response = await page.goto("/api/health");
  expect(response?.status()).toBe(200);
  expect(await response?.json()).toMatchObject({ status: "ok" });
});
