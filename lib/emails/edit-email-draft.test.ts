import { describe, expect, it } from "vitest";
import { z } from "zod";
import { emailDraftInput } from "@/lib/emails/edit-email-draft";

const subject = "A quick update on your home";
const errorsOf = (input: Record<string, string>) => {
  const result = emailDraftInput.safeParse(input);
  return result.success ? {} : z.flattenError(result.error).fieldErrors;
};

describe("emailDraftInput", () => {
  it("takes a leading greeting off the intro (the email already opens with one) and says which", () => {
    expect(
      emailDraftInput.parse({ subject, introText: "Hi Laura — hope the move went well.\n\nMore news." }),
    ).toEqual({
      subject,
      introText: "Hope the move went well.\n\nMore news.",
      removedGreeting: "Hi Laura —",
    });
  });

  it("keeps an intro without a greeting as written", () => {
    expect(emailDraftInput.parse({ subject, introText: "  Hillary loves the new kitchen.  " })).toEqual({
      subject,
      introText: "Hillary loves the new kitchen.",
      removedGreeting: null,
    });
  });

  it("counts the intro's length without the greeting", () => {
    expect(errorsOf({ subject, introText: "Hi Laura, thanks!" })).toEqual({
      introText: [
        "The intro needs at least 10 characters besides the greeting (the email already greets your client by name)",
      ],
    });
    expect(errorsOf({ subject, introText: "Thanks!" })).toEqual({
      introText: ["The intro needs at least 10 characters"],
    });
    expect(errorsOf({ subject: "x", introText: "Hi Laura, thanks for everything." })).toEqual({
      subject: ["The subject needs at least 3 characters"],
    });
  });
});
