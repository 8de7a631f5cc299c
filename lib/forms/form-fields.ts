import { z } from "zod";

/**
 * Coercions from HTML form values (always strings; an unchecked box is absent) to typed values,
 * with the messages an agent sees next to the field.
 */

/** "" → undefined, so optional fields left blank validate as absent. */
export const blankToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

export const requiredText = (label: string, max = 120) =>
  z
    .string({ error: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .max(max, `Keep the ${label} under ${max} characters`);

export const optionalText = (label: string, max = 120) =>
  z.preprocess(
    blankToUndefined,
    z.string().trim().max(max, `Keep the ${label} under ${max} characters`).optional(),
  );

export const emailAddress = (label: string) =>
  z
    .string({ error: `Enter the ${label}` })
    .trim()
    .toLowerCase()
    .min(1, `Enter the ${label}`)
    .max(254, `The ${label} is too long`)
    .pipe(z.email(`Enter the ${label}, like name@example.com`));

/** An HTML checkbox: present ("on") when checked. */
export const checkbox = z.preprocess(
  (value) => value === "on" || value === "true" || value === true,
  z.boolean(),
);

export const optionalNumber = (label: string, options: { min: number; max: number; integer?: boolean }) =>
  z.preprocess(
    (value) => {
      const blank = blankToUndefined(value);
      return typeof blank === "string" ? Number(blank.replaceAll(",", "").replace(/^\$/, "")) : blank;
    },
    (options.integer
      ? z
          .number({ error: `Enter a whole number for the ${label}` })
          .int(`Enter a whole number for the ${label}`)
      : z.number({ error: `Enter a number for the ${label}` })
    )
      .min(options.min, `The ${label} must be at least ${options.min.toLocaleString("en-US")}`)
      .max(options.max, `The ${label} must be at most ${options.max.toLocaleString("en-US")}`)
      .optional(),
  );

export type FieldErrors = Record<string, string[] | undefined>;

export type FormState<T = undefined> =
  | { status: "idle" }
  | { status: "error"; message: string; fieldErrors: FieldErrors; values: Record<string, string> }
  | { status: "success"; message: string; data?: T };

/** The submitted values, echoed back so a form with errors keeps what the agent typed. */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !key.startsWith("$ACTION")) values[key] = value;
  }
  return values;
}
