import { z } from "zod";
import { renderEmailTemplate } from "@/lib/emails/email-templates";
import type { RenderedEmail } from "@/lib/emails/render-homeowner-email";
import { singleLine, tidyText, webUrl } from "@/lib/emails/template-values";

export const signInLinkEmailVariables = z.object({
  firstName: singleLine,
  /** The address the link signs in as (the agent's own). */
  email: z.email(),
  /** `${APP_URL}/sign-in?__clerk_ticket=…`: Clerk's ticket flow on Dripr's own sign-in page. */
  signInUrl: webUrl,
  /** Formatted in the agent's zone, e.g. "Dec 12, 2026, 9:00 AM CST". */
  expiresAt: singleLine,
});
export type SignInLinkEmailVariables = z.input<typeof signInLinkEmailVariables>;

/** The magic sign-in link mailed to an agent (issue 14: managed agents sign in without a password). */
export function renderSignInLinkEmail(variables: SignInLinkEmailVariables): RenderedEmail {
  const v = signInLinkEmailVariables.parse(variables);
  const subject = "Your Dripr sign-in link";
  const { html, text } = renderEmailTemplate("sign-in-link", {
    ...v,
    subject,
    preheader: `Sign in with one click. The link works once, until ${v.expiresAt}.`,
    footerNote: `You are receiving this because a sign-in link was requested for ${v.email}.`,
  });
  return { subject, html, text: tidyText(text) };
}
