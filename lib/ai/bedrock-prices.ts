/**
 * Estimated cost of Bedrock calls, for the per-artifact cost and the dashboard's monthly figure.
 *
 * Prices are AWS's published on-demand prices for Anthropic models on Bedrock, in US dollars per
 * million tokens, standard (not batch, not cached) input and output, as listed on the Bedrock pricing
 * page in late 2026. They are estimates: AWS bills what it bills, prices differ by region and change,
 * and cross-region inference profiles ("us.", "eu.", "apac.", "global." prefixes) are priced like the
 * base model here. To add or update a model, edit this table (and the README's list). A model that
 * is not listed gets no cost (null) rather than a guess; its tokens are still recorded.
 */

export type ModelPrice = { inputPerMillion: number; outputPerMillion: number };

export const BEDROCK_PRICES: Readonly<Record<string, ModelPrice>> = {
  "anthropic.claude-3-haiku-20240307-v1:0": { inputPerMillion: 0.25, outputPerMillion: 1.25 },
  "anthropic.claude-3-5-haiku-20241022-v1:0": { inputPerMillion: 0.8, outputPerMillion: 4 },
  "anthropic.claude-haiku-4-5-20251001-v1:0": { inputPerMillion: 1, outputPerMillion: 5 },
  "anthropic.claude-3-5-sonnet-20240620-v1:0": { inputPerMillion: 3, outputPerMillion: 15 },
  "anthropic.claude-3-5-sonnet-20241022-v2:0": { inputPerMillion: 3, outputPerMillion: 15 },
  "anthropic.claude-3-7-sonnet-20250219-v1:0": { inputPerMillion: 3, outputPerMillion: 15 },
  "anthropic.claude-sonnet-4-20250514-v1:0": { inputPerMillion: 3, outputPerMillion: 15 },
  "anthropic.claude-sonnet-4-5-20250929-v1:0": { inputPerMillion: 3, outputPerMillion: 15 },
  "anthropic.claude-opus-4-1-20250805-v1:0": { inputPerMillion: 15, outputPerMillion: 75 },
  "anthropic.claude-opus-4-5-20251101-v1:0": { inputPerMillion: 5, outputPerMillion: 25 },
};

const PROFILE_PREFIX = /^(?:us|eu|apac|global|us-gov|ca|jp|au)\./;

/** The price of a model id or inference profile id (or ARN ending in one); undefined when unknown. */
export function priceOf(modelId: string): ModelPrice | undefined {
  const id = modelId.slice(modelId.lastIndexOf("/") + 1).replace(PROFILE_PREFIX, "");
  return BEDROCK_PRICES[id];
}

/** Estimated USD for the tokens, rounded to a millionth of a dollar; null for an unknown model. */
export function estimateCostUsd(modelId: string, inputTokens: number, outputTokens: number): number | null {
  const price = priceOf(modelId);
  if (!price) return null;
  const usd = (inputTokens * price.inputPerMillion + outputTokens * price.outputPerMillion) / 1_000_000;
  return Math.round(usd * 1_000_000) / 1_000_000;
}
