import { expect, type Page, type TestInfo } from "@playwright/test";

/**
 * The page is no wider than the window. On failure, names the elements that stick out (their right
 * edge past the window), which is where the fix belongs. With `testInfo`, a full-page screenshot
 * named `name` is kept with the test's results.
 */
export async function expectFitsWindow(page: Page, name: string, testInfo?: TestInfo) {
  const measured = await page.evaluate(() => {
    const width = window.innerWidth;
    const describe = (el: Element) => {
      const cls = typeof el.className === "string" ? el.className.split(" ").slice(0, 4).join(".") : "";
      const text = (el.textContent ?? "").trim().slice(0, 40);
      return `<${el.tagName.toLowerCase()}${cls ? `.${cls}` : ""}> right=${Math.round(el.getBoundingClientRect().right)} "${text}"`;
    };
    const sticking = [...document.body.querySelectorAll("*")].filter(
      (el) => el.getBoundingClientRect().right > width + 0.5,
    );
    // The outermost ones: their children stick out because they do.
    const outermost = sticking.filter((el) => !sticking.includes(el.parentElement as Element));
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: width,
      sticking: outermost.slice(0, 6).map(describe),
    };
  });
  expect
    .soft(measured.scrollWidth, `${name} is ${measured.scrollWidth}px wide: ${measured.sticking.join("; ")}`)
    .toBeLessThanOrEqual(measured.innerWidth);
  if (testInfo) {
    const file = testInfo.outputPath(`${name.replaceAll(/[^a-z0-9-]+/gi, "-")}.png`);
    await page.screenshot({ path: file, fullPage: true });
    await testInfo.attach(name, { path: file, contentType: "image/png" });
  }
}
