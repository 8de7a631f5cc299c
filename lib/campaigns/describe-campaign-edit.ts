import type { campaignColumns } from "@/lib/campaigns/campaign-input";
import { ordinal } from "@/lib/format";

/** The columns an agent edits, as stored (campaignColumns; a stored state is any string). */
export type EditableCampaign = Omit<ReturnType<typeof campaignColumns>, "propertyState"> & {
  propertyState: string;
};

type Change = { label: string; from: string; to: string };

const money = (n: number | null) => (n === null ? "" : `$${n.toLocaleString("en-US")}`);

function name(c: EditableCampaign): string {
  return `${c.clientFirstName} ${c.clientLastName}`.trim();
}

function address(c: EditableCampaign): string {
  const street = [c.propertyAddressLine1, c.propertyAddressLine2].filter(Boolean).join(", ");
  return `${street}, ${c.propertyCity}, ${c.propertyState} ${c.zipCode}`;
}

/** What the agent sees of each field, in the order of the form. */
const FIELDS: { label: string; show: (c: EditableCampaign) => string }[] = [
  { label: "client's name", show: name },
  { label: "client's email", show: (c) => c.clientEmail },
  { label: "property address", show: address },
  { label: "send day", show: (c) => ordinal(c.fixedSendDay) },
  {
    label: "approval",
    show: (c) => (c.checkBeforeSending ? "you approve each email" : "sent without approval"),
  },
  { label: "purchase price", show: (c) => money(c.purchasePrice) },
  { label: "purchase date", show: (c) => c.purchaseDate?.toISOString().slice(0, 10) ?? "" },
  { label: "loan amount", show: (c) => money(c.loanAmount) },
  { label: "loan rate", show: (c) => (c.loanRatePercent === null ? "" : `${c.loanRatePercent}%`) },
];

function describe({ label, from, to }: Change): string {
  if (from === "") return `${label} set to ${to}`;
  if (to === "") return `${label} removed (was ${from})`;
  return `${label} changed from ${from} to ${to}`;
}

/**
 * The timeline's account of an edit: every field the agent changed, old and new value, e.g.
 * "client's name changed from Maria Lopez to Maria Lopez-Garcia; send day changed from 15th to 3rd".
 * A save that changed nothing says so.
 */
export function describeCampaignEdit(before: EditableCampaign, after: EditableCampaign): string {
  const changes = FIELDS.map(({ label, show }) => ({ label, from: show(before), to: show(after) })).filter(
    (change) => change.from !== change.to,
  );
  return changes.length === 0 ? "nothing changed" : changes.map(describe).join("; ");
}
