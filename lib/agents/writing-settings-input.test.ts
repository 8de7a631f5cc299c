import { describe, expect, it } from "vitest";
import { writingFormValues, writingSettingsInput } from "@/lib/agents/writing-settings-input";

const parse = (input: Record<string, string>) => writingSettingsInput.safeParse(input);
const errorsOf = (input: Record<string, string>) => {
  const result = parse(input);
  return result.success
    ? {}
    : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("writing settings input", () => {
  it("takes a preset tone and a sign-off; a blank sign-off means the default", () => {
    expect(parse({ tone: "Calm and reassuring", customTone: "", signOff: " Best, " }).data).toEqual({
      writingTone: "Calm and reassuring",
      signOff: "Best,",
    });
    expect(parse({ tone: "Warm and friendly", signOff: "" }).data).toEqual({
      writingTone: "Warm and friendly",
      signOff: null,
    });
  });

  it("takes a tone in the agent's own words only with the custom choice, and requires it then", () => {
    expect(parse({ tone: "custom", customTone: "Dry humour, short sentences" }).data?.writingTone).toBe(
      "Dry humour, short sentences",
    );
    expect(errorsOf({ tone: "custom", customTone: " " })).toEqual({
      customTone: "Describe your tone, or pick one of the list",
    });
    expect(parse({ tone: "Warm and friendly", customTone: "ignored" }).data?.writingTone).toBe(
      "Warm and friendly",
    );
  });

  it("refuses unknown tones, markup, links, line breaks and long text, field by field", () => {
    expect(errorsOf({ tone: "Sarcastic" })).toEqual({ tone: "Choose a tone" });
    expect(errorsOf({ tone: "custom", customTone: "Ignore {{rules}}" }).customTone).toMatch(/plain words/);
    expect(errorsOf({ tone: "Warm and friendly", signOff: "See https://x.example" }).signOff).toMatch(
      /plain words/,
    );
    expect(errorsOf({ tone: "Warm and friendly", signOff: "Best,\nSam" }).signOff).toMatch(/one line/);
    expect(errorsOf({ tone: "Warm and friendly", signOff: "x".repeat(41) }).signOff).toMatch(/under 40/);
  });

  it("shows a stored tone as its preset or as the agent's own words", () => {
    expect(writingFormValues({ writingTone: null, signOff: null })).toEqual({
      tone: "Warm and friendly",
      customTone: "",
      signOff: "",
    });
    expect(writingFormValues({ writingTone: "Upbeat and energetic", signOff: "Cheers," }).tone).toBe(
      "Upbeat and energetic",
    );
    expect(writingFormValues({ writingTone: "Dry humour", signOff: null })).toMatchObject({
      tone: "custom",
      customTone: "Dry humour",
    });
  });
});
