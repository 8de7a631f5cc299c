import { z } from "zod";

/** Building blocks shared by the email renderers' variable schemas and template contexts. */

/** Text that may end up in a header line (subject, From, To) must not carry line breaks. */
export const singleLine = z
  .string()
  .trim()
  .min(1)
  .regex(/^[^\r\n]*$/, "Must be a single line");

/** Links written into href/src attributes: http(s) only, never javascript: or data:. */
export const webUrl = z.url({ protocol: /^https?$/ });

/** Plain text to paragraphs: blank lines separate them, single line breaks become spaces. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, " ").trim())
    .filter(Boolean);
}

/** Blank-line runs collapsed and trailing spaces removed, so a text part reads cleanly. */
export function tidyText(text: string): string {
  return `${text
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}
