import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import {
  exampleApprovalVariables,
  exampleFirstEmailWithoutRatesVariables,
  exampleHomeownerVariables,
  exampleUnderwaterVariables,
} from "@/lib/emails/example-variables";
import { amortizedBalance } from "@/lib/emails/homeowner-email-sections";
import { renderApprovalReminderEmail, renderApprovalRequestEmail } from "@/lib/emails/render-approval-email";
import { renderHomeownerEmail } from "@/lib/emails/render-homeowner-email";
import { renderSignInLinkEmail, type SignInLinkEmailVariables } from "@/lib/emails/render-sign-in-link-email";
import { renderWelcomeEmail } from "@/lib/emails/render-welcome-email";

// Snapshots of every template rendered with the realistic example data (the same data as
// `npm run emails:preview`). A change to a template shows up here as a reviewable diff; update with
// `npx vitest run lib/emails/email-snapshots.test.ts -u` after looking at the new screenshots.

const signInLink: SignInLinkEmailVariables = {
  firstName: "Sam",
  email: "sam@harborpine.example.com",
  signInUrl: "https://app.dripr.example/sign-in?__clerk_ticket=eyJhbGciOiJSUzI1NiJ9.example",
  expiresAt: "Dec 3, 2026, 9:00 AM CST",
};

const rendered = {
  "homeowner-monthly": renderHomeownerEmail(exampleHomeownerVariables()),
  "homeowner-monthly-underwater": renderHomeownerEmail(exampleUnderwaterVariables()),
  "homeowner-monthly-first": renderHomeownerEmail(exampleFirstEmailWithoutRatesVariables()),
  "approval-request": renderApprovalRequestEmail(exampleApprovalVariables()),
  "approval-reminder": renderApprovalReminderEmail(exampleApprovalVariables()),
  welcome: renderWelcomeEmail({ firstName: "Sam", appUrl: "https://app.dripr.example" }),
  "sign-in-link": renderSignInLinkEmail(signInLink),
};

describe("rendered email snapshots", () => {
  for (const [name, email] of Object.entries(rendered)) {
    it(`${name}: HTML and text`, async () => {
      await expect(email.html).toMatchFileSnapshot(`__snapshots__/${name}.html`);
      await expect(`Subject: ${email.subject}\n\n${email.text}`).toMatchFileSnapshot(
        `__snapshots__/${name}.txt`,
      );
    });
  }
});

describe("homeowner equity and mortgage-rate sections", () => {
  it("estimates equity from an amortised balance and suggests a refinance when rates fell enough", () => {
    const { html, text } = rendered["homeowner-monthly"];
    // $332,000 at 7.25% over 30 years, 89 payments (Jun 2019 → Nov 2026).
    const balance = amortizedBalance(332_000, 7.25, 30, 89);
    expect(balance).toBeGreaterThan(301_000);
    expect(balance).toBeLessThan(302_000);
    expect(html).toContain("Estimated equity");
    expect(html).toContain(`$${Math.round(612_000 - balance).toLocaleString("en-US")}`);
    expect(html).toContain("+$197,000");
    expect(text).toContain("is 1.06 points below your 7.25% loan");
    expect(html).toContain("6.19%");
    expect(html).toContain("▼ 0.14 points from a month ago");
    expect(text).toContain("Freddie Mac Primary Mortgage Market Survey, week of Nov 26, 2026 (via FRED).");
  });

  it("shows the gain but no equity without a loan, no refinance note when rates are close, no rates section without data", () => {
    const v = exampleHomeownerVariables();
    const owned = v.ownership ?? null;
    if (!owned) throw new Error("example has ownership");
    const noLoan = renderHomeownerEmail({
      ...v,
      ownership: { ...owned, loanAmount: null, loanRatePercent: null },
    });
    expect(noLoan.html).not.toContain("Estimated equity");
    expect(noLoan.html).toContain("Purchase price");
    expect(noLoan.text).not.toMatch(/refinanc.*lower your monthly payment/i);
    const close = renderHomeownerEmail({ ...v, ownership: { ...owned, loanRatePercent: 6.5 } });
    expect(close.text).not.toContain("points below your");
    const low = renderHomeownerEmail({ ...v, ownership: { ...owned, loanRatePercent: 3.1 } });
    expect(low.text).toContain("Your 3.10% loan rate is well below this week's 6.19% average");
    const bare = renderHomeownerEmail({ ...v, ownership: null, mortgageRates: null });
    for (const part of [bare.html, bare.text])
      expect(part).not.toMatch(/equity|since you bought|mortgage rates|freddie/i);
  });

  it("a paid-off or zero-rate loan amortises sensibly", () => {
    expect(amortizedBalance(120_000, 0, 10, 60)).toBe(60_000);
    expect(amortizedBalance(100_000, 6, 30, 400)).toBe(0);
    expect(amortizedBalance(100_000, 6, 30, 0)).toBeCloseTo(100_000);
  });
});

describe("approval emails", () => {
  it("escape the agent's and client's text and fail on missing variables", () => {
    const v = exampleApprovalVariables();
    const { html, text } = renderApprovalRequestEmail({
      ...v,
      introText: 'Hi <img src=x onerror="alert(1)">',
    });
    expect(html).not.toContain("<img");
    expect(html).toContain("Hi &lt;img src&#x3D;x onerror&#x3D;&quot;alert(1)&quot;&gt;");
    expect(text).toContain('Hi <img src=x onerror="alert(1)">');
    const { approveUrl: _omitted, ...missing } = v;
    expect(() => renderApprovalReminderEmail(missing as typeof v)).toThrow(ZodError);
    expect(() => renderApprovalRequestEmail({ ...v, approveUrl: "javascript:alert(1)" })).toThrow(ZodError);
    expect(() => renderApprovalRequestEmail({ ...v, toName: "Maria\r\nBcc: x@example.com" })).toThrow(
      ZodError,
    );
  });

  it("link to the approve page and the campaign, and say when the link expires", () => {
    for (const email of [rendered["approval-request"], rendered["approval-reminder"]]) {
      expect(email.html).toContain('href="https://app.dripr.example/approve/eyJhbGciOiJIUzI1NiJ9.example"');
      expect(email.text).toContain(
        "https://app.dripr.example/campaigns/0195f0c2-7a3e-7c1a-9b1e-2f4d5a6b7c8e",
      );
      expect(email.text).toContain("expires Nov 30, 2026, 9:00 AM");
    }
    expect(rendered["approval-reminder"].text).toContain("If you do not approve it, it will not be sent.");
  });
});

describe("sign-in link email", () => {
  it("says who the link is for, links the ticket, says it works once and until when, and what to do if unasked", () => {
    const { subject, html, text } = rendered["sign-in-link"];
    expect(subject).toBe("Your Dripr sign-in link");
    expect(html).toContain(
      'href="https://app.dripr.example/sign-in?__clerk_ticket&#x3D;eyJhbGciOiJSUzI1NiJ9.example"',
    );
    for (const part of [html, text]) {
      expect(part).toContain("sam@harborpine.example.com");
      expect(part).toContain("Dec 3, 2026, 9:00 AM CST");
      expect(part).toMatch(/works once/);
      expect(part).toMatch(/Did not ask for this\?/);
    }
    expect(text).toContain("https://app.dripr.example/sign-in?__clerk_ticket=eyJhbGciOiJSUzI1NiJ9.example");
  });

  it("refuses a non-web link, a header-breaking name and a missing expiry", () => {
    expect(() => renderSignInLinkEmail({ ...signInLink, signInUrl: "javascript:alert(1)" })).toThrow(
      ZodError,
    );
    expect(() => renderSignInLinkEmail({ ...signInLink, firstName: "Sam\r\nBcc: x@example.com" })).toThrow(
      ZodError,
    );
    const { expiresAt: _omitted, ...missing } = signInLink;
    expect(() => renderSignInLinkEmail(missing as SignInLinkEmailVariables)).toThrow(ZodError);
  });
});
