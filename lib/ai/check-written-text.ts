/**
 * The checks an AI-written text must pass before it goes into an email (issue 5, "grounding"):
 * every number in it comes from the data the model was given, its length fits, and it is plain
 * text with no placeholder, markdown, link, greeting or sign-off. Returns the problems found, in
 * words that go back to the model when it is asked to write again and onto the artifact when the
 * built-in text replaces it; an empty list means the text is usable.
 */

export type TextRules = {
  kind: "intro" | "home report";
  minSentences: number;
  maxSentences: number;
  maxChars: number;
  /** Words the text must contain (the client's first name in an intro). */
  mustMention?: string[];
  /** Phrases the text must not end with (the agent's sign-off and name: the email prints them). */
  mustNotEndWith?: string[];
  /** Subjects the text must not bring up, because the email may not show them (issue 15). */
  mustNotMention?: { subject: string; pattern: RegExp }[];
};

/**
 * Sections an email shows only in some months: a text must not point to one it does not know is
 * there (issue 15: never mention what the email does not show). No writer is given rates or equity;
 * the intro is written before any of the month's data, so it must not name listings or sales either
 * (the home report is given the market's homes for sale and the comparables, and may speak of them).
 */
export const NOT_ALWAYS_SHOWN = {
  rates: { subject: "mortgage rates or refinancing", pattern: /\bmortgage|\binterest rates?\b|refinanc/i },
  equity: { subject: "equity", pattern: /\bequity\b/i },
  homes: {
    subject: "homes for sale or recent sales",
    pattern: /\bfor sale\b|\blistings?\b|\brecent(?:ly)?\s+sold\b|\brecent\s+sales\b|\bsold\s+nearby\b/i,
  },
} as const;

export type ReplyToCheck = { text: string; stopReason: string };

/** A figure in a text: "$452,000" → { value: 452000, unit: "usd" }. */
type Figure = { raw: string; value: number; unit: "usd" | "pct" | "plain" };

/** Rounding a figure may differ from the data by (half a percent: $452,000 may read "$452K"). */
const ROUNDING_TOLERANCE = 0.005;

const FIGURE =
  /(\$\s?)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s?(%|percent\b|k\b|thousand\b|m\b|million\b|billion\b))?/gi;

const MULTIPLIERS: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  million: 1e6,
  billion: 1e9,
};

export function extractFigures(text: string): Figure[] {
  const figures: Figure[] = [];
  for (const match of text.matchAll(FIGURE)) {
    const [raw, dollar, whole = "", fraction = "", suffix = ""] = match;
    let value = Number(`${whole.replaceAll(",", "")}${fraction}`);
    const unitWord = suffix.toLowerCase();
    const pct = unitWord === "%" || unitWord === "percent";
    if (!pct && unitWord) value *= MULTIPLIERS[unitWord] ?? 1;
    figures.push({ raw: raw.trim(), value, unit: pct ? "pct" : dollar ? "usd" : "plain" });
  }
  return figures;
}

/**
 * Whether `figure` is one of `allowed`: the same number (or a rounding of it). A dollar amount or a
 * percentage must match one of the same unit (32 days in the data does not ground "32%"); a bare
 * number may match any.
 */
function isGrounded(figure: Figure, allowed: Figure[]): boolean {
  return allowed.some((a) => {
    if (figure.unit !== "plain" && figure.unit !== a.unit) return false;
    if (figure.value === a.value) return true;
    return a.value !== 0 && Math.abs(figure.value - a.value) <= Math.abs(a.value) * ROUNDING_TOLERANCE;
  });
}

const PLACEHOLDER =
  /\[[^\]]*\]|\{\{?[^}]*\}?\}|<[^>]*>|\b(?:TODO|TBD|XXX|lorem ipsum|insert|your name|client name|agent name)\b/i;
const MARKDOWN =
  /\*\*|__|`|^\s{0,3}#{1,6}\s|^\s*[-*+•]\s|^\s*\d+[.)]\s|^\s*>|\[[^\]]*\]\([^)]*\)|(^|\s)\*[^*\s][^*]*\*/m;
const LINK = /https?:\/\/|www\.|\S+@\S+\.\w+/i;
const GREETING = /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings)\b/i;
const PREAMBLE = /^(?:here(?:'s| is)|sure\b|certainly\b|of course\b|as an ai\b)/i;

export function countSentences(text: string): number {
  return text.split(/(?<=[.!?])["”’)]?\s+(?=["“‘(]?[A-Z0-9])/).filter((s) => s.trim()).length;
}

export function checkWrittenText(reply: ReplyToCheck, data: string, rules: TextRules): string[] {
  const text = reply.text.trim();
  if (reply.stopReason === "guardrail_intervened" || reply.stopReason === "content_filtered") {
    return [`the model declined to write it (stop reason ${reply.stopReason})`];
  }
  if (!text) return ["the reply was empty"];
  const problems: string[] = [];
  if (reply.stopReason === "max_tokens") problems.push("the reply was cut off at the token limit");

  const allowed = extractFigures(data);
  const invented = extractFigures(text).filter((figure) => !isGrounded(figure, allowed));
  if (invented.length > 0) {
    const list = [...new Set(invented.map((f) => f.raw))].join(", ");
    problems.push(`it contains figures that are not in the data (${list})`);
  }

  const sentences = countSentences(text);
  if (sentences < rules.minSentences || sentences > rules.maxSentences) {
    problems.push(
      `it has ${sentences} sentences; the ${rules.kind} needs ${rules.minSentences} to ${rules.maxSentences}`,
    );
  }
  if (text.length > rules.maxChars) {
    problems.push(`it is ${text.length} characters long; the limit is ${rules.maxChars}`);
  }
  if (/\n/.test(text)) problems.push("it has line breaks; it must be one paragraph");
  if (PLACEHOLDER.test(text)) problems.push("it contains a placeholder or a tag");
  if (MARKDOWN.test(text)) problems.push("it contains markdown formatting");
  if (LINK.test(text)) problems.push("it contains a link or an email address");
  if (GREETING.test(text)) problems.push("it starts with a greeting, which the email already has");
  if (PREAMBLE.test(text)) problems.push("it starts with a preamble instead of the text itself");
  for (const word of rules.mustMention ?? []) {
    if (word && !new RegExp(`\\b${escapeRegExp(word)}\\b`, "i").test(text)) {
      problems.push(`it does not use the name ${word}`);
    }
  }
  for (const { subject, pattern } of rules.mustNotMention ?? []) {
    if (pattern.test(text)) problems.push(`it mentions ${subject}, which this email may not show`);
  }
  const ending = text.replace(/[\s.,!—–-]+$/, "").toLowerCase();
  for (const phrase of rules.mustNotEndWith ?? []) {
    const p = phrase
      .trim()
      .replace(/[\s.,!]+$/, "")
      .toLowerCase();
    if (p && ending.endsWith(p)) problems.push("it ends with a sign-off, which the email already has");
  }
  return [...new Set(problems)];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
