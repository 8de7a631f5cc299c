import { z } from "zod";
import { renderEmailTemplate } from "@/lib/emails/email-templates";
import type { RenderedEmail } from "@/lib/emails/render-homeowner-email";

export const welcomeEmailVariables = z.object({
  firstName: z
    .string()
    .trim()
    .min(1)
    .regex(/^[^\r\n]*$/),
  appUrl: z.url({ protocol: /^https?$/ }),
});

/** The welcome email a new self-serve agent gets once (DESIGN.md §7). */
export function renderWelcomeEmail(variables: z.input<typeof welcomeEmailVariables>): RenderedEmail {
  const v = welcomeEmailVariables.parse(variables);
  const subject = `Welcome to Dripr, ${v.firstName}`;
  return { subject, ...renderEmailTemplate("welcome", { ...v, subject }) };
}
