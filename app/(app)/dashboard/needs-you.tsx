import Link from "next/link";
import { SubmitButton } from "@/components/submit-button";
import type { getDashboardSummary } from "@/lib/agents/get-dashboard-summary";
import { formatDateTime } from "@/lib/format";
import { approveFromDashboardAction } from "./actions";

type Summary = Awaited<ReturnType<typeof getDashboardSummary>>;

/** What waits for the agent: emails to approve (with an Approve button) and sends that failed. */
export function NeedsYou({
  approvals,
  failed,
  timeZone,
  stale,
}: {
  approvals: Summary["needsApproval"];
  failed: Summary["failed"];
  timeZone: string;
  /** An Approve click came too late: the email was sent, canceled or replaced meanwhile. */
  stale: boolean;
}) {
  const empty = approvals.length === 0 && failed.length === 0;
  return (
    <section
      aria-labelledby="needs-you-heading"
      className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm"
    >
      <h2 id="needs-you-heading" className="text-base font-semibold">
        Needs you
      </h2>
      {stale ? (
        <p role="alert" className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          That email can no longer be approved: it was sent, canceled or replaced.
        </p>
      ) : null}
      {empty ? (
        <p className="mt-3 text-sm text-slate-500">
          Nothing right now. Emails waiting for your approval and emails that could not be sent show up here.
        </p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-100 text-sm" aria-label="Needs you">
          {approvals.map((item) => (
            <li
              key={item.emailId}
              className="flex flex-wrap items-center justify-between gap-3 py-3"
              data-testid="needs-approval"
            >
              <div className="min-w-0">
                <p>
                  <span className="font-medium text-orange-800">Waiting for your approval:</span>{" "}
                  <Link
                    href={`/campaigns/${item.campaign.id}`}
                    className="font-medium text-brand-700 hover:underline"
                  >
                    {item.campaign.clientFirstName} {item.campaign.clientLastName}
                  </Link>
                </p>
                <p className="text-slate-600">{item.subject}</p>
                <p className="text-xs text-slate-500">Goes out: {item.state.nextEmail}</p>
              </div>
              <div className="flex items-center gap-3">
                <Link href={`/campaigns/${item.campaign.id}`} className="text-sm text-slate-700 underline">
                  Review
                </Link>
                <form action={approveFromDashboardAction.bind(null, item.emailId)}>
                  <SubmitButton pendingLabel="Approving…">
                    Approve<span className="sr-only"> the email to {item.campaign.clientFirstName}</span>
                  </SubmitButton>
                </form>
              </div>
            </li>
          ))}
          {failed.map((item) => (
            <li key={item.emailId} className="py-3" data-testid="failed-send">
              <p>
                <span className="font-medium text-red-700">Not sent:</span>{" "}
                <Link
                  href={`/campaigns/${item.campaign.id}`}
                  className="font-medium text-brand-700 hover:underline"
                >
                  {item.campaign.clientFirstName} {item.campaign.clientLastName}
                </Link>{" "}
                <span className="text-xs text-slate-500">{formatDateTime(item.updatedAt, timeZone)}</span>
              </p>
              <p className="text-slate-600">
                “{item.subject}” to {item.toEmail}
                {item.error ? `: ${item.error}` : ""}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
