/**
 * The homeowner email opens with "Hi <first name>," above the intro, so an intro that starts with
 * its own greeting ("Hi Laura — hope the move went well") greets twice. This finds such a greeting,
 * as the agent's intro editor takes it out.
 *
 * It removes text the agent wrote, so it is narrow on purpose: a greeting word, then at most a name
 * (capitalised words, titles and initials, "and"/"&", a few lowercase particles) or a generic
 * "there", "all"…, then punctuation or the end of the line. "Hillary is…", "Hey Laura you did it!"
 * and "Hello from sunny Montclair, …" are left as they are. (The AI writer's check,
 * lib/ai/check-written-text.ts, is broader: it only rejects a draft, which costs a retry, not words.)
 */

const GREETING_WORD =
  /^(?:hi|hiya|hello|hey|dear|greetings|good (?:morning|afternoon|evening))(?=[\s,:!—–-]|$)/i;

/** One word of a name: "Laura", "José", "O'Neil", "Mary-Kate", "Mrs.", "J."; joined by and/&. */
const NAME_WORD = String.raw`(?:\p{Lu}[\p{L}\p{M}'’.-]*|and|&|de|del|da|di|du|la|le|van|von|der|den|bin|al)`;
/** Whom a greeting may address without a name. */
const ANYONE = "(?:there|all|everyone|everybody|both|folks|friends?|neighbou?rs?|again)";
/** After the greeting word: an optional comma, who is greeted, then what ends a greeting. */
const ADDRESSEE = new RegExp(
  String.raw`^,?(?:[ \t]+(?:${ANYONE}|${NAME_WORD}(?:[ \t]+${NAME_WORD}){0,4}))?[ \t]*(?:[,:!—–]|[-.](?=\s)|\r?\n|$)`,
  "u",
);

export type GreetingSplit = { greeting: string | null; text: string };

/** The leading greeting (as typed, trimmed) and the text after it, its first letter capitalised. */
export function splitLeadingGreeting(typed: string): GreetingSplit {
  const text = typed.trim();
  const word = GREETING_WORD.exec(text);
  if (!word) return { greeting: null, text };
  const addressee = ADDRESSEE.exec(text.slice(word[0].length));
  if (!addressee) return { greeting: null, text };
  const end = word[0].length + addressee[0].length;
  const rest = text.slice(end).trim();
  return { greeting: text.slice(0, end).trim(), text: rest.charAt(0).toUpperCase() + rest.slice(1) };
}
