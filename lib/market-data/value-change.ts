/**
 * How a homeowner email speaks about a change in the home's value (issue 15), as an agent who wants
 * to keep the client would: a rise is good news, stated with its figures; a change too small to mean
 * anything reads "about the same"; a fall is said plainly in words, never as a loss figure. The
 * email's cards, the built-in writer and the AI writer's facts all classify a change here, so the
 * value card and the home report never tell the client two different things.
 */

/** A change smaller than this (percent, either way) reads as "about the same". */
export const STEADY_PERCENT = 0.5;
/** A fall smaller than this (percent) reads as "a little below". */
export const SLIGHT_FALL_PERCENT = 2;

export type ValueChange =
  | { direction: "up"; amount: number; percent: number }
  | { direction: "steady" }
  | { direction: "down"; slight: boolean };

/** How `value` compares with an earlier figure `from` (a previous estimate, the purchase price). */
export function valueChange(value: number, from: number): ValueChange {
  const percent = ((value - from) / from) * 100;
  if (Math.abs(percent) < STEADY_PERCENT) return { direction: "steady" };
  if (percent > 0) return { direction: "up", amount: value - from, percent };
  return { direction: "down", slight: -percent < SLIGHT_FALL_PERCENT };
}
