import { z } from "zod";
import { blankToUndefined } from "@/lib/forms/form-fields";

/**
 * The agent's writing settings (Settings → Writing): the tone the intro and home report are written
 * in, and the sign-off printed above their name. The tone goes into the AI writer's prompt, so it is
 * a preset or a short description in the agent's own words, one line, with no markup.
 */

export const TONE_PRESETS = [
  "Warm and friendly",
  "Professional and concise",
  "Upbeat and energetic",
  "Calm and reassuring",
  "Casual and conversational",
] as const;

/** The `tone` select's value for "describe it in your own words". */
export const CUSTOM_TONE = "custom";

/** Text that would read as markup or a template placeholder in a prompt or an email. */
const MARKUP = /[<>{}[\]`*#\\]|https?:\/\//i;

const oneLine = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, `Enter at least ${min} characters for the ${label}`)
    .max(max, `Keep the ${label} under ${max} characters`)
    .refine((v) => !/[\r\n]/.test(v), `Keep the ${label} on one line`)
    .refine(
      (v) => !MARKUP.test(v),
      `Use plain words for the ${label} (no links, brackets or symbols like < > { } * #)`,
    );

export const writingSettingsInput = z
  .object({
    tone: z.enum([...TONE_PRESETS, CUSTOM_TONE], "Choose a tone"),
    customTone: z.preprocess(blankToUndefined, oneLine("tone", 3, 120).optional()),
    signOff: z.preprocess(blankToUndefined, oneLine("sign-off", 2, 40).optional()),
  })
  .superRefine((input, ctx) => {
    if (input.tone === CUSTOM_TONE && !input.customTone) {
      ctx.addIssue({
        code: "custom",
        path: ["customTone"],
        message: "Describe your tone, or pick one of the list",
      });
    }
  })
  .transform((input) => ({
    writingTone: input.tone === CUSTOM_TONE ? (input.customTone as string) : input.tone,
    signOff: input.signOff ?? null,
  }));

export type WritingSettings = z.output<typeof writingSettingsInput>;

/** The form's initial values for a stored tone: a preset, or "custom" with the agent's words. */
export function writingFormValues(agent: { writingTone: string | null; signOff: string | null }) {
  const preset = TONE_PRESETS.find((p) => p === agent.writingTone);
  return {
    tone: agent.writingTone && !preset ? CUSTOM_TONE : (preset ?? TONE_PRESETS[0]),
    customTone: agent.writingTone && !preset ? agent.writingTone : "",
    signOff: agent.signOff ?? "",
  };
}
