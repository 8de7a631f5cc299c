import type { CampaignState } from "@/lib/campaigns/describe-campaign-state";
import type { CampaignStateKind } from "@/lib/campaigns/status-labels";

const COLORS: Record<CampaignStateKind, string> = {
  unsubscribed: "bg-slate-100 text-slate-700 ring-slate-300",
  disabled: "bg-red-50 text-red-700 ring-red-200",
  scheduled: "bg-slate-100 text-slate-700 ring-slate-200",
  gathering: "bg-amber-50 text-amber-800 ring-amber-200",
  writing: "bg-violet-50 text-violet-800 ring-violet-200",
  "awaiting-approval": "bg-orange-50 text-orange-800 ring-orange-200",
  ready: "bg-sky-50 text-sky-800 ring-sky-200",
  sending: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  sent: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  skipped: "bg-slate-100 text-slate-700 ring-slate-200",
  failed: "bg-red-50 text-red-700 ring-red-200",
};

/** A campaign's state as a badge (describe-campaign-state.ts decides what it says). */
export function StatusBadge({ state }: { state: Pick<CampaignState, "kind" | "label" | "detail"> }) {
  return (
    <span
      title={state.detail}
      data-testid="campaign-status"
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${COLORS[state.kind]}`}
    >
      {state.label}
    </span>
  );
}
