import type { Metadata } from "next";
import Link from "next/link";
import { BillingGateNotice, PlanLimitNotice } from "@/components/billing-notices";
import { buttonClass } from "@/components/button-class";
import { ClearFlashParams } from "@/components/clear-flash-params";
import { PageHeader } from "@/components/page-header";
import { getDashboardSummary } from "@/lib/agents/get-dashboard-summary";
import { requireAgent } from "@/lib/auth/current-agent";
import { billingGate } from "@/lib/billing/billing-gate";
import { campaignLimitOf, planUsage } from "@/lib/billing/campaign-limit";
import { CAMPAIGN_STATE_LABELS, type CampaignStateKind } from "@/lib/campaigns/status-labels";
import { getConfig } from "@/lib/env";
import { formatDateTime } from "@/lib/format";
import { AiUsageCard } from "./ai-usage-card";
import { GmailAlert } from "./gmail-alert";
import { NeedsYou } from "./needs-you";

export const metadata: Metadata = { title: "Dashboard" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function DashboardPage({ searchParams }: { searchParams: SearchParams }) {
  const agent = await requireAgent();
  const flags = await searchParams;
  const now = new Date();
  const summary = await getDashboardSummary(agent, now);
  const tz = agent.timeZone;
  // From the agent's row and the counts above: no query of its own.
  const { billing } = getConfig();
  const usage = planUsage(campaignLimitOf(agent, billing !== undefined), summary.active);
  const missingAddress = !agent.addressLine1;

  return (
    <div className="space-y-6">
      <PageHeader
        title={`Welcome back, ${agent.firstName}`}
        actions={
          <Link href="/campaigns/new" className={buttonClass("primary")}>
            New campaign
          </Link>
        }
      />
      <ClearFlashParams names={["approval"]} />
      <BillingGateNotice gate={billingGate(agent, billing, now)} timeZone={tz} />
      <PlanLimitNotice usage={usage} />
      <GmailAlert agentId={agent.id} timeZone={tz} />
      {missingAddress ? (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          Add your postal address in{" "}
          <Link href="/settings" className="font-medium underline">
            Settings
          </Link>
          : the law (CAN-SPAM) requires it in the footer of every email you send.
        </p>
      ) : null}

      <NeedsYou
        approvals={summary.needsApproval}
        failed={summary.failed}
        timeZone={tz}
        stale={flags.approval === "stale"}
      />

      <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">
        <Stat label="Active campaigns" value={summary.active} href="/campaigns" />
        <Stat label="Cycles in progress" value={summary.inProgress} href="/campaigns" />
        <Stat label="Disabled" value={summary.disabled} href="/campaigns?disabled=1" />
        <Stat label="Unsubscribed" value={summary.unsubscribed} href="/campaigns?unsubscribed=1" />
      </div>
      <AiUsageCard agentId={agent.id} timeZone={tz} />

      <div className="grid gap-6 lg:grid-cols-2">
        <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h2 className="text-base font-semibold">Coming up</h2>
          <p className="text-xs text-slate-500">The next emails that go out on their own, soonest first.</p>
          {summary.comingUp.length === 0 ? (
            <p className="mt-3 text-sm text-slate-500">No emails scheduled. Add a campaign to get started.</p>
          ) : (
            <ul className="mt-3 divide-y divide-slate-100 text-sm" aria-label="Coming up">
              {summary.comingUp.map((c) => (
                <li key={c.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2">
                  <span>
                    <Link href={`/campaigns/${c.id}`} className="font-medium text-brand-700 hover:underline">
                      {c.clientFirstName} {c.clientLastName}
                    </Link>{" "}
                    <span className="text-xs text-slate-500">{nextEmailStage(c.state.kind)}</span>
                  </span>
                  <span className="text-slate-600">{c.state.nextEmail}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h2 className="text-base font-semibold">Recent activity</h2>
          {summary.recent.length === 0 ? (
            <p className="mt-3 text-sm text-slate-500">Nothing yet.</p>
          ) : (
            <ul className="mt-3 divide-y divide-slate-100 text-sm">
              {summary.recent.map((h) => (
                <li key={h.id} className="flex items-center justify-between gap-4 py-2">
                  <span>
                    <Link
                      href={`/campaigns/${h.campaign.id}`}
                      className="font-medium text-brand-700 hover:underline"
                    >
                      {h.campaign.clientFirstName} {h.campaign.clientLastName}
                    </Link>{" "}
                    <span className="text-slate-600">{h.event.toLowerCase().replaceAll("_", " ")}</span>
                  </span>
                  <span className="whitespace-nowrap text-xs text-slate-500">{formatDateTime(h.at, tz)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}

function Stat({ label, value, href }: { label: string; value: number; href: string }) {
  return (
    <Link
      href={href}
      className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm hover:border-brand-100"
    >
      <p className="text-sm text-slate-600">{label}</p>
      <p className="mt-1 text-3xl font-semibold">{value}</p>
    </Link>
  );
}

/** Where the next email stands; a campaign between cycles has it scheduled, whatever the last one did. */
function nextEmailStage(kind: CampaignStateKind): string {
  const inCycle: CampaignStateKind[] = ["gathering", "writing", "ready", "sending"];
  return CAMPAIGN_STATE_LABELS[inCycle.includes(kind) ? kind : "scheduled"];
}
