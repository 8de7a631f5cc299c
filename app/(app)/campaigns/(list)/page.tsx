import type { Metadata } from "next";
import Link from "next/link";
import { BillingGateNotice } from "@/components/billing-notices";
import { buttonClass } from "@/components/button-class";
import { ClearFlashParams } from "@/components/clear-flash-params";
import { PageHeader } from "@/components/page-header";
import { stackedTable } from "@/components/stacked-table";
import { StatusBadge } from "@/components/status-badge";
import { requireAgent } from "@/lib/auth/current-agent";
import { billingGate } from "@/lib/billing/billing-gate";
import { describeCampaigns } from "@/lib/campaigns/describe-campaigns";
import { CAMPAIGN_PAGE_SIZE, campaignListFilter, listCampaigns } from "@/lib/campaigns/list-campaigns";
import {
  CAMPAIGN_STATE_LABELS,
  CAMPAIGN_STATUS_LABELS,
  CAMPAIGN_STATUS_ORDER,
} from "@/lib/campaigns/status-labels";
import { getConfig } from "@/lib/env";
import { ordinal } from "@/lib/format";

export const metadata: Metadata = { title: "Campaigns" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function CampaignsPage({ searchParams }: { searchParams: SearchParams }) {
  const agent = await requireAgent();
  const params = await searchParams;
  const filter = campaignListFilter.parse({
    status: params.status,
    q: params.q,
    disabled: params.disabled,
    unsubscribed: params.unsubscribed,
  });
  const listed = await listCampaigns(agent.id, filter);
  const { total, all, counts, disabled, unsubscribed } = listed;
  const campaigns = await describeCampaigns(agent, listed.campaigns, new Date());
  const filtered = Boolean(filter.status || filter.q || filter.disabled || filter.unsubscribed);

  return (
    <div>
      <PageHeader
        title="Campaigns"
        description="Each campaign is one past client and their home, emailed once a month."
        actions={
          <Link href="/campaigns/new" className={buttonClass("primary")}>
            New campaign
          </Link>
        }
      />
      <ClearFlashParams names={["deleted"]} />
      <div className="mb-4 empty:hidden">
        <BillingGateNotice
          gate={billingGate(agent, getConfig().billing, new Date())}
          timeZone={agent.timeZone}
        />
      </div>
      {params.deleted ? (
        <p
          role="status"
          className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-4 py-2 text-sm text-emerald-800"
        >
          Campaign deleted.
        </p>
      ) : null}

      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <nav aria-label="Filter by status" className="flex flex-wrap gap-1 text-sm">
          <FilterLink
            href="/campaigns"
            active={!filter.status && !filter.disabled && !filter.unsubscribed}
            label={`All (${all})`}
          />
          {CAMPAIGN_STATUS_ORDER.filter((s) => counts[s]).map((status) => (
            <FilterLink
              key={status}
              href={`/campaigns?status=${status}`}
              active={filter.status === status}
              label={`${CAMPAIGN_STATUS_LABELS[status].label} (${counts[status]})`}
            />
          ))}
          <FilterLink
            href="/campaigns?disabled=1"
            active={filter.disabled}
            label={`Disabled (${disabled})`}
          />
          {unsubscribed > 0 ? (
            <FilterLink
              href="/campaigns?unsubscribed=1"
              active={filter.unsubscribed}
              label={`${CAMPAIGN_STATE_LABELS.unsubscribed} (${unsubscribed})`}
            />
          ) : null}
        </nav>
        <search className="w-full sm:w-auto">
          <form className="flex gap-2">
            {filter.status ? <input type="hidden" name="status" value={filter.status} /> : null}
            {filter.disabled ? <input type="hidden" name="disabled" value="1" /> : null}
            {filter.unsubscribed ? <input type="hidden" name="unsubscribed" value="1" /> : null}
            <input
              type="search"
              name="q"
              defaultValue={filter.q ?? ""}
              placeholder="Name, email, address or ZIP"
              aria-label="Search campaigns"
              className="min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-1.5 text-sm sm:w-64 sm:flex-none"
            />
            <button type="submit" className={buttonClass("secondary")}>
              Search
            </button>
          </form>
        </search>
      </div>

      {campaigns.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-16 text-center">
          {filtered ? (
            <>
              <p className="font-medium">No campaigns match.</p>
              <Link href="/campaigns" className="mt-2 inline-block text-sm text-brand-600 underline">
                Clear filters
              </Link>
            </>
          ) : (
            <>
              <p className="text-lg font-medium">No campaigns yet</p>
              <p className="mt-1 text-sm text-slate-600">
                Add your first past client and Dripr starts preparing their monthly home report.
              </p>
              <Link href="/campaigns/new" className={`${buttonClass("primary")} mt-4`}>
                Add your first campaign
              </Link>
            </>
          )}
        </div>
      ) : (
        <>
          <p className="mb-2 text-xs text-slate-500">
            {total} {filtered ? "matching " : ""}
            {total === 1 ? "campaign" : "campaigns"}, newest added first
          </p>
          <div className={stackedTable.frame}>
            <table className={stackedTable.table}>
              <thead className={stackedTable.head}>
                <tr>
                  <th scope="col" className="px-4 py-3">
                    Homeowner
                  </th>
                  <th scope="col" className="px-4 py-3">
                    Property
                  </th>
                  <th scope="col" className="px-4 py-3">
                    Monthly on
                  </th>
                  <th scope="col" className="px-4 py-3">
                    Next email
                  </th>
                  <th scope="col" className="px-4 py-3">
                    Status
                  </th>
                </tr>
              </thead>
              <tbody className={stackedTable.body}>
                {campaigns.map((c) => (
                  <tr key={c.id} className={stackedTable.row}>
                    <td className={stackedTable.lead}>
                      <Link
                        href={`/campaigns/${c.id}`}
                        className="font-medium text-brand-700 hover:underline"
                      >
                        {c.clientFirstName} {c.clientLastName}
                      </Link>
                      <div className="text-xs text-slate-500">{c.clientEmail}</div>
                    </td>
                    <td className={stackedTable.cell}>
                      {c.propertyAddressLine1}
                      <div className="text-xs text-slate-500">
                        {c.propertyCity}, {c.propertyState} {c.zipCode}
                      </div>
                    </td>
                    <td data-label="Monthly on" className={`${stackedTable.cell} ${stackedTable.labelled}`}>
                      {ordinal(c.fixedSendDay)}
                      {c.checkBeforeSending ? (
                        <div className="text-xs text-slate-500">with approval</div>
                      ) : null}
                    </td>
                    <td
                      data-label="Next email"
                      className={`${stackedTable.cell} ${stackedTable.labelled} sm:whitespace-nowrap`}
                    >
                      {c.state.nextEmail}
                    </td>
                    <td className={stackedTable.badge}>
                      <StatusBadge state={c.state} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {total > campaigns.length ? (
              <p className="border-t border-slate-200 px-4 py-2 text-xs text-slate-500">
                Showing the newest {CAMPAIGN_PAGE_SIZE} of {total}. Search to narrow the list.
              </p>
            ) : null}
          </div>
        </>
      )}
    </div>
  );
}

function FilterLink({ href, active, label }: { href: string; active: boolean; label: string }) {
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={`rounded-full px-3 py-1 ${active ? "bg-brand-600 text-white" : "bg-white text-slate-600 ring-1 ring-slate-200 hover:bg-slate-100"}`}
    >
      {label}
    </Link>
  );
}
