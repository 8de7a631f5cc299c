import { describe, expect, it } from "vitest";
import { agentProfileInput } from "@/lib/agents/agent-profile-input";

// The settings form as the browser posts it (every field a string, the checkbox absent when off).
const form = {
  firstName: "Dana",
  lastName: "Whitfield",
  phone: "(973) 555-0142",
  brokerageName: "Harborview Realty Group",
  licenseNumber: "",
  addressLine1: "24 Church Street",
  addressLine2: "Suite 3",
  city: "Montclair",
  state: "NJ",
  postalCode: "07042",
  timeZone: "America/New_York",
  sendingWindowEnabled: "on",
};

describe("agent profile input", () => {
  it("saves the phone as typed in the field's own hint format, stored as E.164", () => {
    const result = agentProfileInput.safeParse(form);
    expect(result.error).toBeUndefined();
    expect(result.data?.phone).toBe("+19735550142");
  });

  it("leaves a blank phone out", () => {
    expect(agentProfileInput.parse({ ...form, phone: "  " }).phone).toBeUndefined();
  });

  it("refuses a number that is not one, saying what to type", () => {
    const result = agentProfileInput.safeParse({ ...form, phone: "555-0142" });
    expect(result.error?.issues).toMatchObject([
      { path: ["phone"], message: "Enter a phone number like (973) 555-0142" },
    ]);
  });
});
