import type { Campaign } from "@/lib/generated/prisma/client";

/** A stored campaign as the string values of the edit form. */
export function campaignFormValues(campaign: Campaign): Record<string, string> {
  const str = (value: string | number | null | undefined) =>
    value === null || value === undefined ? "" : String(value);
  return {
    clientFirstName: campaign.clientFirstName,
    clientLastName: campaign.clientLastName,
    clientEmail: campaign.clientEmail,
    propertyAddressLine1: campaign.propertyAddressLine1,
    propertyAddressLine2: str(campaign.propertyAddressLine2),
    propertyCity: campaign.propertyCity,
    propertyState: campaign.propertyState,
    zipCode: campaign.zipCode,
    fixedSendDay: String(campaign.fixedSendDay),
    checkBeforeSending: campaign.checkBeforeSending ? "on" : "",
    purchasePrice: str(campaign.purchasePrice),
    purchaseDate: campaign.purchaseDate ? campaign.purchaseDate.toISOString().slice(0, 10) : "",
    loanAmount: str(campaign.loanAmount),
    loanRatePercent: str(campaign.loanRatePercent),
  };
}
