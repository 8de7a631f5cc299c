import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BillingGateNotice, PlanLimitNotice } from "@/components/billing-notices";
import { buttonClass } from "@/components/button-class";
import { ClearFlashParams } from "@/components/clear-flash-params";
import { PostalAddressNotice } from "@/components/postal-address-notice";
import { StatusBadge } from "@/components/status-badge";
import { SubmitButton } from "@/components/submit-button";
import { hasPostalAddress } from "@/lib/agents/postal-address";
import { requireAgent } from "@/lib/auth/current-agent";
import { billingGate } from "@/lib/billing/billing-gate";
import { getPlanUsage } from "@/lib/billing/campaign-limit";
import { describeCampaigns } from "@/lib/campaigns/describe-campaigns";
import { getCampaign } from "@/lib/campaigns/get-campaign";
import { getCurrentCycle } from "@/lib/campaigns/get-current-cycle";
import { getEmailPreview } from "@/lib/emails/get-email-preview";
import { getConfig } from "@/lib/env";
import { formatDate, formatDateTime, ordinal } from "@/lib/format";
import { deleteCampaignAction, setCampaignEnabledAction } from "../actions";
import { CampaignTimeline } from "./campaign-timeline";
import { CurrentCycle } from "./current-cycle";

export const metadata: Metadata = { title: "Campaign" };

/** The query parameters of the one-time notices below, set by the actions' redirects. */
const NOTICE_PARAMS = ["created", "saved", "approved", "skipped", "skip", "approval", "enable"];

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function CampaignPage({ params, searchParams }: Props) {
  const agent = await requireAgent();
  const { id } = await params;
  const flags = await searchParams;
  const found = await getCampaign(agent.id, id);
  if (!found) notFound();
  const [campaign] = await describeCampaigns(agent, [found], new Date());
  if (!campaign) notFound();
  const { state } = campaign;
  const cycle = await getCurrentCycle(agent.id, campaign.id, campaign.cycle);
  // The exact stored HTML, for an email that can still change or be approved.
  const preview = cycle.email?.status === "READY" ? await getEmailPreview(agent.id, cycle.email.id) : null;
  const tz = agent.timeZone;
  const { billing } = getConfig();
  // Only enabling a disabled campaign can run into the plan's limit: counted only then.
  const usage = campaign.enabled ? null : await getPlanUsage(agent, billing !== undefined);
  const money = (n: number | null) => (n === null ? "—" : `$${n.toLocaleString("en-US")}`);

  return (
    <div className="space-y-6">
      <ClearFlashParams names={NOTICE_PARAMS} />
      {flags.created ? <Notice>Campaign created. Dripr starts preparing the first email now.</Notice> : null}
      {flags.saved ? <Notice>Changes saved.</Notice> : null}
      {flags.approved ? <Notice>Email approved. It goes out at its scheduled time.</Notice> : null}
      {flags.skipped ? <Notice>Email skipped. The next one is prepared for next month.</Notice> : null}
      {flags.skip === "stale" ? (
        <p
          role="alert"
          className="rounded-md border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900"
        >
          That email can no longer be skipped: it is being sent, was sent, or was replaced.
        </p>
      ) : null}
      {flags.enable === "needs-address" || !hasPostalAddress(agent) ? <PostalAddressNotice /> : null}
      <BillingGateNotice gate={billingGate(agent, billing, new Date())} timeZone={tz} />
      {flags.enable === "plan-limit" ? (
        <p
          role="alert"
          className="rounded-md border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900"
        >
          Not enabled: your plan's limit of active campaigns is reached.
        </p>
      ) : null}
      {usage ? <PlanLimitNotice usage={usage} /> : null}
      {campaign.unsubscribedAt ? (
        <p className="rounded-md border border-slate-200 bg-slate-50 px-4 py-2 text-sm text-slate-700">
          {campaign.clientFirstName} unsubscribed on {formatDateTime(campaign.unsubscribedAt, tz)}. Dripr will
          not email {campaign.clientEmail} again.
        </p>
      ) : null}
      {flags.approval === "stale" ? (
        <p
          role="alert"
          className="rounded-md border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900"
        >
          That email can no longer be approved: it was sent, canceled or replaced.
        </p>
      ) : null}

      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <Link href="/campaigns" className="text-sm text-slate-500 hover:underline">
            ← Campaigns
          </Link>
          <h1 className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-2xl font-semibold tracking-tight">
            <span className="min-w-0 wrap-anywhere">
              {campaign.clientFirstName} {campaign.clientLastName}
            </span>
            <StatusBadge state={state} />
          </h1>
          <p className="text-sm wrap-anywhere text-slate-600">
            {campaign.propertyAddressLine1}
            {campaign.propertyAddressLine2 ? `, ${campaign.propertyAddressLine2}` : ""},{" "}
            {campaign.propertyCity}, {campaign.propertyState} {campaign.zipCode}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link href={`/campaigns/${campaign.id}/edit`} className={buttonClass("secondary")}>
            Edit
          </Link>
          <form action={setCampaignEnabledAction.bind(null, campaign.id, !campaign.enabled)}>
            <SubmitButton variant="secondary" pendingLabel={campaign.enabled ? "Disabling…" : "Enabling…"}>
              {campaign.enabled ? "Disable" : "Enable"}
            </SubmitButton>
          </form>
          {/* Open on a phone, the confirmation takes the row below the buttons, not a box off-screen. */}
          <details className="relative open:w-full sm:open:w-auto">
            <summary className={`${buttonClass("secondary")} cursor-pointer list-none text-red-700`}>
              Delete…
            </summary>
            <div className="mt-2 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-lg sm:absolute sm:right-0 sm:z-10 sm:w-72">
              <p>
                Delete this campaign, its history and its emails? This cannot be undone. To pause it instead,
                disable it.
              </p>
              <form action={deleteCampaignAction.bind(null, campaign.id)} className="mt-3">
                <SubmitButton variant="danger" pendingLabel="Deleting…" className="w-full">
                  Delete campaign
                </SubmitButton>
              </form>
            </div>
          </details>
        </div>
      </div>

      {!campaign.enabled ? (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          This campaign is disabled: no email is prepared or sent until you enable it again.
        </p>
      ) : null}

      <CurrentCycle
        campaignId={campaign.id}
        campaignStatus={campaign.status}
        state={state}
        cycle={cycle}
        timeZone={tz}
        previewHtml={preview?.html}
      />

      <div className="grid gap-6 lg:grid-cols-3">
        <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm lg:col-span-2">
          <h2 className="text-base font-semibold">Details</h2>
          <dl className="mt-4 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
            <Item label="Email">{campaign.clientEmail}</Item>
            <Item label="Send day">{ordinal(campaign.fixedSendDay)} of each month, 11:00</Item>
            <Item label="Approval">
              {campaign.checkBeforeSending ? "You approve each email" : "Sent automatically"}
            </Item>
            <Item label="Status">{state.detail}</Item>
            <Item label="Next email">{state.nextEmail}</Item>
            <Item label="Last email sent">{formatDateTime(campaign.lastSentEmailDatetime, tz)}</Item>
            <Item label="Purchase">
              {money(campaign.purchasePrice)}
              {campaign.purchaseDate ? ` on ${formatDate(campaign.purchaseDate, "UTC")}` : ""}
            </Item>
            <Item label="Loan">
              {money(campaign.loanAmount)}
              {campaign.loanRatePercent !== null ? ` at ${campaign.loanRatePercent}%` : ""}
            </Item>
            <Item label="Created">{formatDateTime(campaign.createdAt, tz)}</Item>
            <Item label="Cycle">{campaign.cycle}</Item>
          </dl>
        </section>

        <CampaignTimeline history={campaign.history} agentId={agent.id} timeZone={tz} />
      </div>
    </div>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 wrap-anywhere">{children}</dd>
    </div>
  );
}

function Notice({ children }: { children: React.ReactNode }) {
  return (
    <p
      role="status"
      className="rounded-md border border-emerald-200 bg-emerald-50 px-4 py-2 text-sm text-emerald-800"
    >
      {children}
    </p>
  );
}
