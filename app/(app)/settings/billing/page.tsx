import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { BillingGateNotice, PlanLimitNotice } from "@/components/billing-notices";
import { ClearFlashParams } from "@/components/clear-flash-params";
import { PageHeader } from "@/components/page-header";
import { requireAgent } from "@/lib/auth/current-agent";
import { type BillingState, getBillingState } from "@/lib/billing/get-billing-state";
import { PLANS } from "@/lib/billing/plans";
import { formatDate } from "@/lib/format";
import type { SubscriptionStatus } from "@/lib/generated/prisma/enums";
import { ManageBilling, PlanChoice } from "./billing-forms";
import { ConfirmingPayment } from "./confirming-payment";

export const metadata: Metadata = { title: "Billing" };

const STATUS_LABELS: Record<SubscriptionStatus, { label: string; tone: string }> = {
  NONE: { label: "No plan", tone: "bg-slate-100 text-slate-700 ring-slate-200" },
  TRIALING: { label: "Free trial", tone: "bg-sky-50 text-sky-800 ring-sky-200" },
  ACTIVE: { label: "Active", tone: "bg-emerald-50 text-emerald-800 ring-emerald-200" },
  PAST_DUE: { label: "Past due", tone: "bg-amber-50 text-amber-900 ring-amber-200" },
  UNPAID: { label: "Unpaid", tone: "bg-red-50 text-red-700 ring-red-200" },
  PAUSED: { label: "Paused", tone: "bg-slate-100 text-slate-700 ring-slate-200" },
  CANCELED: { label: "Canceled", tone: "bg-slate-100 text-slate-700 ring-slate-200" },
  INCOMPLETE: { label: "Payment incomplete", tone: "bg-red-50 text-red-700 ring-red-200" },
  INCOMPLETE_EXPIRED: { label: "Payment incomplete", tone: "bg-red-50 text-red-700 ring-red-200" },
};

const FLASH_PARAMS = ["checkout", "session_id"];

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Settings → Billing: the plan, its state, the usage of its limit, and the ways to Stripe. */
export default async function BillingPage({ searchParams }: { searchParams: SearchParams }) {
  const agent = await requireAgent();
  const { checkout } = await searchParams;
  const state = await getBillingState(agent.id, new Date());
  const tz = agent.timeZone;
  // Back from Checkout before its webhook: keep the query (the refreshes need it) until confirmed.
  const confirming = checkout === "success" && state.mode === "self-serve" && !state.subscription?.live;

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <Link href="/settings" className="text-sm text-slate-500 hover:underline">
          ← Settings
        </Link>
        <PageHeader title="Billing" description="Your plan, what it allows, and your payments." />
      </div>
      {confirming ? <ConfirmingPayment /> : <ClearFlashParams names={FLASH_PARAMS} />}
      {checkout === "success" && state.subscription?.live ? (
        <Flash>
          Payment confirmed: your {state.subscription.plan?.name ?? ""} plan is{" "}
          {state.subscription.status === "TRIALING" ? "in its free trial" : "active"}. Campaigns go on from
          their next send date.
        </Flash>
      ) : null}
      {checkout === "canceled" ? (
        <p className="rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700">
          Checkout canceled: nothing was charged.
        </p>
      ) : null}

      {state.mode === "off" ? <BillingOff /> : null}
      {state.mode === "managed" ? (
        <Section title="Plan" testId="billing-managed">
          <p className="text-sm text-slate-700">
            Your plan is managed by your brokerage or the operator who set up your account: you are not billed
            here, and billing never holds back your campaigns. Ask them about changes to your plan.
          </p>
        </Section>
      ) : null}
      {state.mode === "self-serve" ? (
        <>
          <BillingGateNotice gate={state.gate} timeZone={tz} linked={false} />
          <Subscription state={state} timeZone={tz} />
        </>
      ) : null}
      <Usage state={state} />
      {state.canChoosePlan ? (
        <Section title={state.subscription ? "Choose a plan to start again" : "Choose a plan"}>
          <PlanChoice
            trialDays={state.checkoutTrialDays}
            plans={state.planOptions
              .filter((option) => option.intervals.length > 0)
              .map(({ plan, intervals }) => ({ ...plan, intervals }))}
          />
        </Section>
      ) : null}
    </div>
  );
}

function Subscription({ state, timeZone }: { state: BillingState; timeZone: string }) {
  const sub = state.subscription;
  const status = STATUS_LABELS[sub?.status ?? "NONE"];
  return (
    <Section title="Plan" testId="billing-plan">
      {sub ? (
        <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
          <Item label="Plan">{sub.plan?.name ?? "A plan no longer sold"}</Item>
          <Item label="Status">
            <span
              data-testid="subscription-status"
              className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${status.tone}`}
            >
              {status.label}
            </span>
          </Item>
          {sub.interval ? (
            <Item label="Billed">{sub.interval === "yearly" ? "Yearly" : "Monthly"}</Item>
          ) : null}
          {sub.trialEndsAt ? <Item label="Trial ends">{formatDate(sub.trialEndsAt, timeZone)}</Item> : null}
          {sub.renewsAt ? (
            // Past due, unpaid or paused: the period ends, but whether it renews is up to the payment.
            <Item label={sub.status === "ACTIVE" || sub.status === "TRIALING" ? "Renews on" : "Period ends"}>
              {formatDate(sub.renewsAt, timeZone)}
            </Item>
          ) : null}
          {sub.endsAt ? (
            <Item label={sub.live ? "Ends on" : "Ended on"}>{formatDate(sub.endsAt, timeZone)}</Item>
          ) : null}
          {sub.pastDueGraceEndsAt ? (
            <Item label="Campaigns pause on">{formatDate(sub.pastDueGraceEndsAt, timeZone)}</Item>
          ) : null}
        </dl>
      ) : (
        <p className="text-sm text-slate-700">
          You have no plan yet. You can add and edit campaigns, but no email is prepared or sent until you
          choose one.
        </p>
      )}
      {state.canManageBilling ? (
        <div className="mt-4 border-t border-slate-100 pt-4">
          <p className="mb-3 text-sm text-slate-600">
            Change your card, download invoices, switch plans or cancel in Stripe&apos;s customer portal.
          </p>
          <ManageBilling />
        </div>
      ) : null}
    </Section>
  );
}

function Usage({ state }: { state: BillingState }) {
  const { activeCampaigns: active, campaignLimit: limit } = state;
  const percent = limit ? Math.min(100, Math.round((active / limit) * 100)) : 0;
  return (
    <Section title="Usage" testId="billing-usage">
      <p className="text-sm text-slate-700">
        <strong className="text-lg font-semibold text-slate-900">{active.toLocaleString("en-US")}</strong>
        {limit === null
          ? ` active ${active === 1 ? "campaign" : "campaigns"}, no limit.`
          : ` of ${limit.toLocaleString("en-US")} active campaigns.`}
      </p>
      {limit !== null ? (
        <div
          className="mt-2 h-2 overflow-hidden rounded-full bg-slate-100"
          role="progressbar"
          aria-label="Active campaigns of your plan's limit"
          aria-valuemin={0}
          aria-valuemax={limit}
          aria-valuenow={Math.min(active, limit)}
        >
          <div
            className={`h-full ${state.atLimit ? "bg-amber-500" : "bg-brand-600"}`}
            style={{ width: `${percent}%` }}
          />
        </div>
      ) : null}
      {state.mode === "self-serve" && !state.subscription?.live ? (
        <p className="mt-2 text-xs text-slate-500">
          Without a plan you may prepare up to {limit?.toLocaleString("en-US")} campaigns; they start once you
          choose one.
        </p>
      ) : null}
      <p className="mt-1 text-xs text-slate-500">
        Active: enabled, and the homeowner has not unsubscribed. Disabled campaigns do not count.
      </p>
      {state.atLimit ? (
        <div className="mt-3">
          <PlanLimitNotice usage={state} linked={false} />
        </div>
      ) : null}
    </Section>
  );
}

/** Local mode, or a server without Stripe keys: labelled, and how to turn it on. */
function BillingOff() {
  const prices = PLANS.map((plan) => `STRIPE_PRICE_${plan.key.toUpperCase()}_MONTHLY`);
  return (
    <Section title="Billing is off" testId="billing-off">
      <p className="text-sm text-slate-700">
        This server runs without Stripe, so nothing is billed and billing holds back no campaign.
      </p>
      <p className="mt-3 text-sm text-slate-700">
        To turn billing on, set <Env>STRIPE_SECRET_KEY</Env>, <Env>STRIPE_WEBHOOK_SECRET</Env> and each
        plan&apos;s monthly price (
        {prices.map((name, i) => (
          <span key={name}>
            {i > 0 ? ", " : ""}
            <Env>{name}</Env>
          </span>
        ))}
        ; yearly prices and <Env>STRIPE_TRIAL_DAYS</Env> are optional), point a Stripe webhook at{" "}
        <Env>/api/webhooks/stripe</Env>, and restart. The README&apos;s Billing section lists the products,
        prices, events and portal settings to create in Stripe.
      </p>
    </Section>
  );
}

function Section({ title, testId, children }: { title: string; testId?: string; children: ReactNode }) {
  const id = `${title.toLowerCase().replaceAll(/[^a-z]+/g, "-")}-heading`;
  return (
    <section
      aria-labelledby={id}
      data-testid={testId}
      className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm"
    >
      <h2 id={id} className="mb-3 text-base font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5">{children}</dd>
    </div>
  );
}

function Env({ children }: { children: ReactNode }) {
  return <code className="rounded bg-slate-100 px-1 text-xs wrap-anywhere">{children}</code>;
}

function Flash({ children }: { children: ReactNode }) {
  return (
    <p
      role="status"
      className="rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800"
    >
      {children}
    </p>
  );
}
