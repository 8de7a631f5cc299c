import { type PhoneNumber, parsePhoneNumberFromString } from "libphonenumber-js";

/**
 * An agent's phone number: typed in any common way, stored once as E.164 ("+19735550142"), shown
 * the way people read it. Dripr serves US agents, so a number without a country code is a US one.
 */

const DEFAULT_COUNTRY = "US";

export const PHONE_EXAMPLE = "(973) 555-0142";

/** What the agent typed as E.164, or why it cannot be stored (the message shown by the field). */
export function normalizePhone(typed: string): { e164: string } | { error: string } {
  const phone = parsePhoneNumberFromString(typed, DEFAULT_COUNTRY);
  if (!phone?.isValid()) return { error: `Enter a phone number like ${PHONE_EXAMPLE}` };
  // E.164 has no room for an extension; dropping it silently would print a number that does not
  // reach the agent.
  if (phone.ext) return { error: `Enter a direct number without an extension, like ${PHONE_EXAMPLE}` };
  return { e164: phone.number };
}

/**
 * A stored number as people read it: "(973) 555-0142" for North American numbers (what US
 * homeowners dial), "+44 20 7946 0958" for others. Rows saved before numbers were normalized hold
 * what the agent typed: those are formatted the same way, and shown as stored when unparseable.
 */
export function formatPhone(stored: string): string {
  const phone = parse(stored);
  if (!phone) return stored.trim();
  return phone.countryCallingCode === "1" ? phone.formatNational() : phone.formatInternational();
}

/** A `tel:` link for a stored number (RFC 3966), or null when it is not a valid number. */
export function phoneHref(stored: string): string | null {
  return parse(stored)?.getURI() ?? null;
}

function parse(stored: string): PhoneNumber | undefined {
  const phone = parsePhoneNumberFromString(stored, DEFAULT_COUNTRY);
  return phone?.isValid() ? phone : undefined;
}
