import { describe, expect, it } from "vitest";
import { formatPhone, normalizePhone, phoneHref } from "@/lib/agents/phone-number";
import { DEMO_AGENTS } from "@/lib/demo/demo-agents";

describe("normalizePhone", () => {
  it.each([
    ["(973) 555-0142", "+19735550142"],
    ["973-555-0142", "+19735550142"],
    ["973.555.0142", "+19735550142"],
    ["973 555 0142", "+19735550142"],
    ["9735550142", "+19735550142"],
    ["1 (973) 555-0142", "+19735550142"],
    ["+1 973-555-0142", "+19735550142"],
    ["+19735550142", "+19735550142"],
    ["  (512) 555-0187 ", "+15125550187"],
    ["+44 20 7946 0958", "+442079460958"],
  ])("stores %j as %s", (typed, e164) => {
    expect(normalizePhone(typed)).toEqual({ e164 });
  });

  it.each([
    ["555-0142", "Enter a phone number like (973) 555-0142"],
    ["(123) 456-7890", "Enter a phone number like (973) 555-0142"],
    ["(973) 555-01425", "Enter a phone number like (973) 555-0142"],
    ["call me", "Enter a phone number like (973) 555-0142"],
    ["973-555-0142 x12", "Enter a direct number without an extension, like (973) 555-0142"],
  ])("refuses %j", (typed, error) => {
    expect(normalizePhone(typed)).toEqual({ error });
  });
});

describe("formatPhone and phoneHref", () => {
  it.each([
    // What is stored now, and what earlier rows and the seed held.
    ["+19735550142", "(973) 555-0142", "tel:+19735550142"],
    ["(973) 555-0142", "(973) 555-0142", "tel:+19735550142"],
    ["+1 512 555 0142", "(512) 555-0142", "tel:+15125550142"],
    ["512.555.0187", "(512) 555-0187", "tel:+15125550187"],
    ["+442079460958", "+44 20 7946 0958", "tel:+442079460958"],
  ])("shows %j as %j, linked to %s", (stored, shown, href) => {
    expect(formatPhone(stored)).toBe(shown);
    expect(phoneHref(stored)).toBe(href);
  });

  it("shows a stored value it cannot read as it is, without a link", () => {
    expect(formatPhone(" 555-TODAY ")).toBe("555-TODAY");
    expect(phoneHref("555-TODAY")).toBeNull();
  });
});

describe("the demo seed", () => {
  it("stores its agents' phones in the one normalized form", () => {
    for (const { user } of DEMO_AGENTS) {
      expect(user.phone && normalizePhone(user.phone)).toEqual({ e164: user.phone });
    }
  });
});
