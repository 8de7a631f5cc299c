import { describe, expect, it } from "vitest";
import { z } from "zod";
import { campaignInput } from "@/lib/campaigns/campaign-input";

const valid = {
  clientFirstName: " Maria ",
  clientLastName: "Lopez",
  clientEmail: " Maria.Lopez@Example.COM ",
  propertyAddressLine1: "1204 Maple Ridge Dr",
  propertyAddressLine2: "",
  propertyCity: "Austin",
  propertyState: "tx",
  zipCode: "78704-1234",
  fixedSendDay: "15",
  purchasePrice: "",
  purchaseDate: "",
  loanAmount: "",
  loanRatePercent: "",
};

function fieldErrors(input: Record<string, unknown>) {
  const result = campaignInput.safeParse(input);
  return result.success ? {} : z.flattenError(result.error).fieldErrors;
}

describe("campaignInput", () => {
  it("normalises a valid form submission", () => {
    const parsed = campaignInput.parse({ ...valid, checkBeforeSending: "on", purchasePrice: "$425,000" });
    expect(parsed).toMatchObject({
      clientFirstName: "Maria",
      clientEmail: "maria.lopez@example.com",
      propertyState: "TX",
      zipCode: "78704",
      fixedSendDay: 15,
      checkBeforeSending: true,
      purchasePrice: 425000,
    });
    expect(parsed.propertyAddressLine2).toBeUndefined();
  });

  it("treats a missing checkbox as off", () => {
    expect(campaignInput.parse(valid).checkBeforeSending).toBe(false);
  });

  it.each([
    ["0", "The send day must be between 1 and 28"],
    ["29", "The send day must be between 1 and 28 (every month has one)"],
    ["", "Pick the day of the month to send on (1–28)"],
    ["12.5", "Pick a whole day of the month (1–28)"],
  ])("refuses send day %j", (day, message) => {
    expect(fieldErrors({ ...valid, fixedSendDay: day }).fixedSendDay).toEqual([message]);
  });

  it.each(["7870", "ABCDE", "787044", ""])("refuses zip %j", (zip) => {
    expect(fieldErrors({ ...valid, zipCode: zip }).zipCode?.[0]).toMatch(/5-digit ZIP/);
  });

  it.each([
    ["maria", "Enter the client's email address, like name@example.com"],
    ["maria@", "Enter the client's email address, like name@example.com"],
    ["@example.com", "Enter the client's email address, like name@example.com"],
    ["", "Enter the client's email address"],
  ])("refuses email %j", (email, message) => {
    expect(fieldErrors({ ...valid, clientEmail: email }).clientEmail).toEqual([message]);
  });

  it("asks for a missing first name, street, city and state at once", () => {
    const errors = fieldErrors({
      ...valid,
      clientFirstName: "  ",
      propertyAddressLine1: "",
      propertyCity: "",
      propertyState: "",
    });
    expect(errors.clientFirstName).toEqual(["Enter the client's first name"]);
    expect(errors.propertyAddressLine1).toEqual(["Enter the street address"]);
    expect(errors.propertyCity).toEqual(["Enter the city"]);
    expect(errors.propertyState).toEqual(["Choose the state"]);
  });

  it("validates the optional loan fields when given", () => {
    const errors = fieldErrors({
      ...valid,
      loanRatePercent: "31",
      purchaseDate: "12/01/2019",
      purchasePrice: "lots",
    });
    expect(errors.loanRatePercent).toEqual(["The loan rate must be at most 25"]);
    expect(errors.purchaseDate).toEqual(["Enter the purchase date as YYYY-MM-DD"]);
    expect(errors.purchasePrice).toEqual(["Enter a whole number for the purchase price"]);
  });
});
