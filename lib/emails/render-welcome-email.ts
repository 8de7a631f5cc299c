import { z } from "zod";
import { renderEmailTemplate } from "@/lib/emails/email-templates";
import type { RenderedEmail } from "@/lib/emails/render-homeowner-email";
import { singleLine, webUrl } from "@/lib/emails/template-values";

export const welcomeEmailVariables = z.object({
  firstName: singleLine,
  appUrl: webUrl,
});

const STEPS = [
  "Add your postal address in Settings (the law requires it in every email).",
  "Add a past client as a campaign and pick the day of the month to send.",
  "Turn on approval if you want to see each email before it goes out.",
];

/** The welcome email a new self-serve agent gets once (DESIGN.md §7). */
export function renderWelcomeEmail(variables: z.input<typeof welcomeEmailVariables>): RenderedEmail {
  const v = welcomeEmailVariables.parse(variables);
  const subject = `Welcome to Dripr, ${v.firstName}`;
  return {
    subject,
    ...renderEmailTemplate("welcome", {
      ...v,
      subject,
      preheader: "Three steps to your first monthly email.",
      steps: STEPS.map((text, i) => ({ n: i + 1, text })),
      footerNote: "You are receiving this because you created a Dripr account.",
    }),
  };
}
