import { z } from "zod";
import { normalizePhone, PHONE_EXAMPLE } from "@/lib/agents/phone-number";
import { isUsStateCode } from "@/lib/campaigns/us-states";
import { blankToUndefined, checkbox, optionalText, requiredText } from "@/lib/forms/form-fields";

/** Time zones agents can pick: the US ones (Dripr serves US agents). */
export const AGENT_TIME_ZONES = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Phoenix",
  "America/Los_Angeles",
  "America/Anchorage",
  "Pacific/Honolulu",
  "America/Puerto_Rico",
] as const;

export const agentProfileInput = z
  .object({
    firstName: requiredText("first name", 80),
    lastName: optionalText("last name", 80),
    /** Stored as E.164 whatever way it was typed. */
    phone: z.preprocess(
      blankToUndefined,
      z
        .string()
        .max(40, `Enter a phone number like ${PHONE_EXAMPLE}`)
        .transform((typed, ctx) => {
          const phone = normalizePhone(typed);
          if ("e164" in phone) return phone.e164;
          ctx.addIssue({ code: "custom", message: phone.error, input: typed });
          return z.NEVER;
        })
        .optional(),
    ),
    brokerageName: optionalText("brokerage", 120),
    licenseNumber: optionalText("license number", 40),
    addressLine1: optionalText("street address", 200),
    addressLine2: optionalText("suite", 100),
    city: optionalText("city", 100),
    state: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      z.string().trim().toUpperCase().refine(isUsStateCode, "Choose a US state").optional(),
    ),
    postalCode: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      z
        .string()
        .trim()
        .regex(/^\d{5}(-\d{4})?$/, "Enter a 5-digit ZIP code")
        .optional(),
    ),
    timeZone: z.enum(AGENT_TIME_ZONES, "Choose your time zone"),
    sendingWindowEnabled: checkbox,
  })
  .superRefine((input, ctx) => {
    // The postal address is printed in every email footer (CAN-SPAM): all of it or none of it.
    const parts = {
      addressLine1: input.addressLine1,
      city: input.city,
      state: input.state,
      postalCode: input.postalCode,
    };
    const given = Object.values(parts).some(Boolean);
    if (!given) return;
    for (const [field, value] of Object.entries(parts)) {
      if (!value)
        ctx.addIssue({
          code: "custom",
          path: [field],
          message: "Complete the postal address (street, city, state, ZIP)",
        });
    }
  });

export type AgentProfileInput = z.infer<typeof agentProfileInput>;
