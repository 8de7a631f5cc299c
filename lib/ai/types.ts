import { z } from "zod";
import type { MarketStats, Valuation } from "@/lib/market-data/types";

/**
 * The text an email needs written for it (DESIGN.md §1, §4): a personal intro and a short home
 * report. Implementations: the built-in template writer (`source = "template"`, local default) and
 * the Bedrock writer (`source = "bedrock"`, lib/ai/bedrock-writer.ts). Both return plain text (no
 * markdown, no HTML): the email template escapes and lays it out. Methods reject on failure; the caller
 * retries and, once retries are exhausted, falls back to the template writer. A Bedrock reply that
 * fails the grounding checks twice is replaced by the template text inside the writer, with
 * `fallbackReason` saying why.
 */

/** What a writer produced, stored as the INTRO / HOME_REPORT artifact payload. */
export const writtenText = z.object({
  text: z.string().min(1),
  /** "template", "bedrock"… (also the artifact's `source`). */
  source: z.string(),
  /** The model id for AI writers; null for templates. */
  model: z.string().nullable(),
  inputTokens: z.number().int().nonnegative().nullable(),
  outputTokens: z.number().int().nonnegative().nullable(),
  /** Estimated cost of the model calls behind this text (lib/ai/bedrock-prices.ts); absent for templates. */
  costUsd: z.number().nonnegative().nullish(),
  /** The prompt file's id ("intro.v1") an AI text was written with. */
  promptId: z.string().nullish(),
  /** Set when this is the built-in text standing in for an AI text that failed, and why. */
  fallbackReason: z.string().nullish(),
});
export type WrittenText = z.infer<typeof writtenText>;

export type IntroInput = {
  clientFirstName: string;
  agentFirstName: string;
  /** The agent's own words for their tone ("warm and casual", "professional"), when set. */
  agentTone?: string | null;
  /** The agent's sign-off ("Warmly,"); the email prints it, so the intro must not repeat it. */
  agentSignOff?: string | null;
  /** The email's month: a `Date` (read in `timeZone`) or "YYYY-MM". */
  month: Date | string;
  /** The agent's IANA time zone. */
  timeZone: string;
};

export type HomeReportInput = {
  clientFirstName: string;
  /** Absent for callers that do not write in the agent's voice (the template writer ignores them). */
  agentFirstName?: string;
  agentTone?: string | null;
  property: { addressLine1: string; city: string; state: string; zipCode: string };
  valuation: Valuation;
  /** The value in the last email the client received (lastSentValue); null before the first one. */
  previousValue: number | null;
  /** The zip's market stats; null when the data could not be fetched. */
  market: MarketStats | null;
};

export interface TextWriter {
  readonly source: string;
  /** 2–4 sentences that follow the email's greeting ("Hi Maria,"); never a greeting or sign-off. */
  writeIntro(input: IntroInput): Promise<WrittenText>;
  /** One short paragraph about the home's value and its market, using only the numbers given. */
  writeHomeReport(input: HomeReportInput): Promise<WrittenText>;
}
