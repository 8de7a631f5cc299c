import { describe, expect, it } from "vitest";
import { splitLeadingGreeting } from "@/lib/emails/leading-greeting";

describe("splitLeadingGreeting", () => {
  it.each([
    // [what the agent typed, the greeting taken out, the intro kept]
    ["Hi Laura — hope the move went well.", "Hi Laura —", "Hope the move went well."],
    ["Hi Laura, hope the move went well.", "Hi Laura,", "Hope the move went well."],
    ["Hi Laura: quick update.", "Hi Laura:", "Quick update."],
    ["Hi Laura - quick update.", "Hi Laura -", "Quick update."],
    ["Hi Laura – quick update.", "Hi Laura –", "Quick update."],
    ["Hi Laura. Quick update.", "Hi Laura.", "Quick update."],
    ["Hi Laura!\n\nWhat a month it was.", "Hi Laura!", "What a month it was."],
    ["Hi Laura\nWhat a month it was.", "Hi Laura", "What a month it was."],
    ["Hello José, the market held up.", "Hello José,", "The market held up."],
    ["Hey Zoë — the market held up.", "Hey Zoë —", "The market held up."],
    ["Dear Ólafur and Þóra, the market held up.", "Dear Ólafur and Þóra,", "The market held up."],
    ["Hi Łukasz & Ana, the market held up.", "Hi Łukasz & Ana,", "The market held up."],
    ["Dear Mrs. O'Neil-Ruiz, the market held up.", "Dear Mrs. O'Neil-Ruiz,", "The market held up."],
    ["Dear Mr. de la Cruz, the market held up.", "Dear Mr. de la Cruz,", "The market held up."],
    ["Good morning Laura, the market held up.", "Good morning Laura,", "The market held up."],
    ["Hi, Laura! The market held up.", "Hi, Laura!", "The market held up."],
    // No name.
    ["Hi, the market held up.", "Hi,", "The market held up."],
    ["Hello! The market held up.", "Hello!", "The market held up."],
    ["Hey — the market held up.", "Hey —", "The market held up."],
    ["Hi there, the market held up.", "Hi there,", "The market held up."],
    ["Hi there! The market held up.", "Hi there!", "The market held up."],
    ["hey there — the market held up.", "hey there —", "The market held up."],
    ["Hello again, the market held up.", "Hello again,", "The market held up."],
    ["Hi Laura,", "Hi Laura,", ""],
  ])("%j: takes out %j", (typed, greeting, text) => {
    expect(splitLeadingGreeting(typed)).toEqual({ greeting, text });
  });

  it.each([
    "Hillary is loving the new kitchen, I hear.",
    "Highlights this month: two new listings on your street.",
    "Heyward Street saw three sales this month.",
    "Dearborn Avenue saw three sales this month.",
    "Hey Laura you did it! Your home is up again.",
    "Hi there I wanted to share some news.",
    "Hello from sunny Montclair, where prices held up.",
    "Hi-fi speakers are not included in the estimate.",
    "I hope the move went well. Hi to the kids!",
    "",
  ])("leaves %j as it is", (typed) => {
    expect(splitLeadingGreeting(typed)).toEqual({ greeting: null, text: typed });
  });
});
