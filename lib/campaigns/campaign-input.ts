import { z } from "zod";
import { isUsStateCode } from "@/lib/campaigns/us-states";
import { checkbox, emailAddress, optionalNumber, optionalText, requiredText } from "@/lib/forms/form-fields";

/** What an agent enters to create or edit a campaign (one homeowner + one property). */
export const campaignInput = z.object({
  clientFirstName: requiredText("client's first name", 80),
  clientLastName: optionalText("client's last name", 80),
  clientEmail: emailAddress("client's email address"),
  propertyAddressLine1: requiredText("street address", 200),
  propertyAddressLine2: optionalText("apartment or unit", 100),
  propertyCity: requiredText("city", 100),
  propertyState: z
    .string({ error: "Choose the state" })
    .trim()
    .toUpperCase()
    .refine(isUsStateCode, "Choose the state"),
  zipCode: z
    .string({ error: "Enter the ZIP code" })
    .trim()
    .regex(/^\d{5}(-\d{4})?$/, "Enter a 5-digit ZIP code, like 78704")
    .transform((zip) => zip.slice(0, 5)),
  fixedSendDay: z.preprocess(
    (value) => (typeof value === "string" && value.trim() !== "" ? Number(value) : value),
    z
      .number({ error: "Pick the day of the month to send on (1–28)" })
      .int("Pick a whole day of the month (1–28)")
      .min(1, "The send day must be between 1 and 28")
      .max(28, "The send day must be between 1 and 28 (every month has one)"),
  ),
  checkBeforeSending: checkbox,
  purchasePrice: optionalNumber("purchase price", { min: 1_000, max: 100_000_000, integer: true }),
  purchaseDate: z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.iso
      .date({ error: "Enter the purchase date as YYYY-MM-DD", abort: true })
      .refine((date) => date >= "1900-01-01", "The purchase date looks too old")
      .optional(),
  ),
  loanAmount: optionalNumber("loan amount", { min: 0, max: 100_000_000, integer: true }),
  loanRatePercent: optionalNumber("loan rate", { min: 0, max: 25 }),
});

export type CampaignInput = z.infer<typeof campaignInput>;

/** The Prisma columns for a validated input (dates as UTC midnight of a `date` column). */
export function campaignColumns(input: CampaignInput) {
  return {
    clientFirstName: input.clientFirstName,
    clientLastName: input.clientLastName ?? "",
    clientEmail: input.clientEmail,
    propertyAddressLine1: input.propertyAddressLine1,
    propertyAddressLine2: input.propertyAddressLine2 ?? null,
    propertyCity: input.propertyCity,
    propertyState: input.propertyState,
    zipCode: input.zipCode,
    fixedSendDay: input.fixedSendDay,
    checkBeforeSending: input.checkBeforeSending,
    purchasePrice: input.purchasePrice ?? null,
    purchaseDate: input.purchaseDate ? new Date(`${input.purchaseDate}T00:00:00Z`) : null,
    loanAmount: input.loanAmount ?? null,
    loanRatePercent: input.loanRatePercent ?? null,
  };
}
