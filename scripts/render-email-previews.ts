import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import {
  exampleApprovalVariables,
  exampleFirstEmailWithoutRatesVariables,
  exampleHomeownerVariables,
  exampleUnderwaterVariables,
} from "@/lib/emails/example-variables";
import { renderApprovalReminderEmail, renderApprovalRequestEmail } from "@/lib/emails/render-approval-email";
import { type RenderedEmail, renderHomeownerEmail } from "@/lib/emails/render-homeowner-email";
import { renderSignInLinkEmail } from "@/lib/emails/render-sign-in-link-email";
import { renderWelcomeEmail } from "@/lib/emails/render-welcome-email";

/**
 * Visual check of the email templates (`npm run emails:preview`): renders each one with realistic
 * data to HTML, text and PNG screenshots at desktop and mobile widths, in light and dark mode, under
 * .data/email-previews/. Uses Debian's Chromium (CHROMIUM_PATH overrides), never a download.
 */

const OUT = path.join(process.cwd(), ".data", "email-previews");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const VIEWPORTS = [
  { name: "desktop", width: 1024, height: 900 },
  { name: "mobile", width: 390, height: 844 },
] as const;

function previews(): Record<string, RenderedEmail> {
  const homeowner = exampleHomeownerVariables();
  return {
    "homeowner-monthly": renderHomeownerEmail(homeowner),
    // Every optional section missing: the email must still read cleanly. (The value and the local
    // market are in every email: the intro refers to them.)
    "homeowner-monthly-minimal": renderHomeownerEmail({
      ...homeowner,
      agent: { ...homeowner.agent, brokerage: null, phone: null, brandColor: "#f2c94c" },
      homeValue: { ...homeowner.homeValue, previousValue: null },
      ownership: null,
      mortgageRates: null,
      listings: [],
      recentSales: [],
      sampleData: true,
    }),
    // Worth less than the loan, first email (issue 15): worded as an agent would send it.
    "homeowner-monthly-underwater": renderHomeownerEmail(exampleUnderwaterVariables()),
    // A first email before this week's mortgage rates are in (issue 10).
    "homeowner-monthly-first": renderHomeownerEmail(exampleFirstEmailWithoutRatesVariables()),
    "approval-request": renderApprovalRequestEmail(exampleApprovalVariables()),
    "approval-reminder": renderApprovalReminderEmail(exampleApprovalVariables()),
    // An agent who turned the sending window off: no sending hours mentioned (issue 15).
    "approval-reminder-any-hour": renderApprovalReminderEmail({
      ...exampleApprovalVariables(),
      sendingWindowEnabled: false,
    }),
    welcome: renderWelcomeEmail({ firstName: "Sam", appUrl: "https://app.dripr.example" }),
    "sign-in-link": renderSignInLinkEmail({
      firstName: "Sam",
      email: "sam@harborpine.example.com",
      signInUrl: "https://app.dripr.example/sign-in?__clerk_ticket=eyJhbGciOiJSUzI1NiJ9.example",
      expiresAt: "Dec 3, 2026, 9:00 AM CST",
    }),
  };
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  }
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
  try {
    for (const [name, email] of Object.entries(previews())) {
      writeFileSync(path.join(OUT, `${name}.html`), email.html);
      writeFileSync(path.join(OUT, `${name}.txt`), `Subject: ${email.subject}\n\n${email.text}`);
      for (const viewport of VIEWPORTS) {
        for (const colorScheme of ["light", "dark"] as const) {
          if (colorScheme === "dark" && viewport.name === "desktop") continue;
          const page = await browser.newPage({
            viewport: { width: viewport.width, height: viewport.height },
            colorScheme,
          });
          // Offline: any remote image fails fast and shows its alt text.
          await page.route("**/*", (route) =>
            route.request().url().startsWith("data:") ? route.continue() : route.abort(),
          );
          await page.setContent(email.html, { waitUntil: "load" });
          const file = `${name}-${viewport.name}${colorScheme === "dark" ? "-dark" : ""}.png`;
          await page.screenshot({ path: path.join(OUT, file), fullPage: true });
          await page.close();
          console.log(`wrote ${path.relative(process.cwd(), path.join(OUT, file))}`);
        }
      }
    }
  } finally {
    await browser.close();
  }
}

await main();
