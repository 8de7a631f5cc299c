import Link from "next/link";
import type { BillingGate, BillingGateCode } from "@/lib/billing/billing-gate";
import { BILLING_PAGE_PATH } from "@/lib/billing/billing-urls";
import type { PlanUsage } from "@/lib/billing/campaign-limit";
import { formatDate } from "@/lib/format";

/** What the billing page offers for each reason: a plan to choose, or the portal to fix payment. */
const GATE_ACTIONS: Record<BillingGateCode, string> = {
  "no-subscription": "Choose a plan",
  canceled: "Choose a plan",
  incomplete: "Choose a plan",
  "past-due": "Update payment",
  unpaid: "Pay the invoice",
  paused: "Resume your subscription",
};

/**
 * Why no new cycle starts for this agent (billing-gate.ts), with the way to fix it (`linked`: a
 * link to the billing page, which shows the fix itself); or, while a failed payment is within its
 * grace period, until when campaigns keep going. Nothing otherwise. Shown by every page that lists
 * or shows campaigns.
 */
export function BillingGateNotice({
  gate,
  timeZone,
  linked = true,
}: {
  gate: BillingGate;
  timeZone: string;
  linked?: boolean;
}) {
  if (gate.gated) {
    return (
      <div
        role="alert"
        data-testid="billing-gate"
        className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900"
      >
        <p className="font-medium">No new emails are being prepared.</p>
        <p className="mt-1">{gate.reason}</p>
        {linked ? (
          <Link
            href={BILLING_PAGE_PATH}
            className="mt-3 inline-flex items-center rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white shadow-sm hover:bg-brand-700"
          >
            {GATE_ACTIONS[gate.code]}
          </Link>
        ) : null}
      </div>
    );
  }
  if (gate.pastDueGraceEndsAt) {
    return (
      <p
        role="alert"
        data-testid="billing-grace"
        className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
      >
        Your last payment failed. Campaigns keep going until {formatDate(gate.pastDueGraceEndsAt, timeZone)}.
        After that, no new emails are prepared until it is paid.
        {linked ? <PageLink>Update payment</PageLink> : null}
      </p>
    );
  }
  return null;
}

/**
 * The plan's limit of active campaigns, when it stops the agent adding or enabling one: at the
 * limit, or over it after a downgrade (everything enabled keeps running). Nothing otherwise.
 */
export function PlanLimitNotice({ usage, linked = true }: { usage: PlanUsage; linked?: boolean }) {
  const { activeCampaigns: active, campaignLimit: limit } = usage;
  if (limit === null || !usage.atLimit) return null;
  return (
    <p
      role="status"
      data-testid="plan-limit"
      className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      {usage.overLimit
        ? `${active} campaigns are active and your plan allows ${limit}. They all keep running, but no campaign can be added or enabled until fewer than ${limit} are active: disable ${active - limit + 1}, or move to a larger plan.`
        : `${active} of ${limit} active campaigns: your plan's limit. To add or enable another, disable one or move to a larger plan.`}
      {linked ? <PageLink>Plans and billing</PageLink> : null}
    </p>
  );
}

function PageLink({ children }: { children: string }) {
  return (
    <>
      {" "}
      <Link href={BILLING_PAGE_PATH} className="font-medium underline">
        {children}
      </Link>
    </>
  );
}
