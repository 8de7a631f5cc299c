import { CAMPAIGN_STATUS_LABELS } from "@/lib/campaigns/status-labels";
import type { CampaignStatus } from "@/lib/generated/prisma/enums";

const COLORS: Record<CampaignStatus, string> = {
  DORMANT: "bg-slate-100 text-slate-700 ring-slate-200",
  WAITING_FOR_DATA: "bg-amber-50 text-amber-800 ring-amber-200",
  WAITING_FOR_HOME_ANALYSIS: "bg-violet-50 text-violet-800 ring-violet-200",
  READY_TO_CREATE_EMAIL: "bg-sky-50 text-sky-800 ring-sky-200",
  READY_TO_SEND_EMAIL: "bg-emerald-50 text-emerald-800 ring-emerald-200",
};

export function StatusBadge({ status, enabled = true }: { status: CampaignStatus; enabled?: boolean }) {
  if (!enabled) {
    return (
      <span className="inline-flex items-center rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-700 ring-1 ring-red-200 ring-inset">
        Disabled
      </span>
    );
  }
  const { label, description } = CAMPAIGN_STATUS_LABELS[status];
  return (
    <span
      title={description}
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${COLORS[status]}`}
    >
      {label}
    </span>
  );
}
