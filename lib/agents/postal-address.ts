/**
 * CAN-SPAM: every homeowner email carries the sender's valid postal address (DESIGN.md §6). An agent
 * without one cannot turn sending on; this is the one place that decides what "has one" means.
 */

export const POSTAL_ADDRESS_REQUIRED =
  "Add your postal address in Settings first: the law (CAN-SPAM) requires it in every email you send.";

type AddressFields = {
  addressLine1: string | null;
  addressLine2?: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
};

/** The footer's address lines, or null when any required part is missing. */
export function postalAddressLines(agent: AddressFields): string[] | null {
  const { addressLine1, city, state, postalCode } = agent;
  if (!addressLine1?.trim() || !city?.trim() || !state?.trim() || !postalCode?.trim()) return null;
  return [addressLine1, agent.addressLine2, `${city}, ${state} ${postalCode}`].filter(
    (line): line is string => Boolean(line?.trim()),
  );
}

export function hasPostalAddress(agent: AddressFields): boolean {
  return postalAddressLines(agent) !== null;
}
