import { describe, expect, it } from "vitest";
import { describeCampaignEdit, type EditableCampaign } from "@/lib/campaigns/describe-campaign-edit";

const BEFORE: EditableCampaign = {
  clientFirstName: "Maria",
  clientLastName: "Lopez",
  clientEmail: "maria.lopez@example.com",
  propertyAddressLine1: "1204 Maple Ridge Dr",
  propertyAddressLine2: null,
  propertyCity: "Austin",
  propertyState: "TX",
  zipCode: "78704",
  fixedSendDay: 15,
  checkBeforeSending: false,
  purchasePrice: null,
  purchaseDate: null,
  loanAmount: 332_000,
  loanRatePercent: 7.25,
};

describe("describeCampaignEdit", () => {
  it.each<[string, Partial<EditableCampaign>, string]>([
    [
      "a last name",
      { clientLastName: "Lopez-Garcia" },
      "client's name changed from Maria Lopez to Maria Lopez-Garcia",
    ],
    ["a first name", { clientFirstName: "Marie" }, "client's name changed from Maria Lopez to Marie Lopez"],
    [
      "the email",
      { clientEmail: "maria@lopez.example.com" },
      "client's email changed from maria.lopez@example.com to maria@lopez.example.com",
    ],
    [
      "a unit added to the address",
      { propertyAddressLine2: "Unit 4" },
      "property address changed from 1204 Maple Ridge Dr, Austin, TX 78704 to 1204 Maple Ridge Dr, Unit 4, Austin, TX 78704",
    ],
    ["the send day", { fixedSendDay: 3 }, "send day changed from 15th to 3rd"],
    [
      "approval turned on",
      { checkBeforeSending: true },
      "approval changed from sent without approval to you approve each email",
    ],
    ["a purchase price added", { purchasePrice: 415_000 }, "purchase price set to $415,000"],
    [
      "a purchase date added",
      { purchaseDate: new Date("2019-06-14T00:00:00Z") },
      "purchase date set to 2019-06-14",
    ],
    ["the loan removed", { loanAmount: null }, "loan amount removed (was $332,000)"],
    ["the loan rate", { loanRatePercent: 6.5 }, "loan rate changed from 7.25% to 6.5%"],
    ["nothing", {}, "nothing changed"],
  ])("names %s", (_case, edit, expected) => {
    expect(describeCampaignEdit(BEFORE, { ...BEFORE, ...edit })).toBe(expected);
  });

  it("names every change of one save, in the order of the form", () => {
    expect(
      describeCampaignEdit(BEFORE, { ...BEFORE, fixedSendDay: 22, clientLastName: "Lopez-Garcia" }),
    ).toBe(
      "client's name changed from Maria Lopez to Maria Lopez-Garcia; send day changed from 15th to 22nd",
    );
  });
});
