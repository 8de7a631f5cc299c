import Link from "next/link";
import { buttonClass } from "@/components/button-class";
import { BILLING_PAGE_PATH } from "@/lib/billing/billing-urls";
import { getBillingState } from "@/lib/billing/get-billing-state";

/** Settings → Billing in one line (the plan, or why there is none), and the way to the billing page. */
export async function BillingSection({ agentId }: { agentId: string }) {
  const state = await getBillingState(agentId, new Date());
  const sub = state.subscription;
  const summary =
    state.mode === "off"
      ? "Billing is off on this server (no Stripe keys): nothing is billed."
      : state.mode === "managed"
        ? "Your plan is managed by your brokerage or operator."
        : sub?.live
          ? `${sub.plan?.name ?? "Your"} plan${state.gate.gated ? ", not sending: see Billing" : ""}.`
          : "No plan yet: campaigns send once you choose one.";
  const usage =
    state.campaignLimit === null
      ? `${state.activeCampaigns} active campaigns.`
      : `${state.activeCampaigns} of ${state.campaignLimit} active campaigns.`;
  return (
    <section
      aria-labelledby="billing-heading"
      className="mt-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm"
    >
      <h2 id="billing-heading" className="text-base font-semibold">
        Billing
      </h2>
      <div className="mt-1 flex flex-wrap items-center justify-between gap-4">
        <p className="text-sm text-slate-600" data-testid="billing-summary">
          {summary} {usage}
        </p>
        <Link href={BILLING_PAGE_PATH} className={buttonClass("secondary")}>
          {state.canChoosePlan ? "Choose a plan" : "Open billing"}
        </Link>
      </div>
    </section>
  );
}
