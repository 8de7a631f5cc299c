"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/submit-button";
import type { BillingInterval } from "@/lib/billing/plans";
import type { FormState } from "@/lib/forms/form-fields";
import { choosePlanAction, manageBillingAction } from "./actions";

const idle: FormState = { status: "idle" };

const INTERVAL_LABELS: Record<BillingInterval, string> = { monthly: "Monthly", yearly: "Yearly" };

export type PlanOption = {
  key: string;
  name: string;
  campaignLimit: number;
  intervals: BillingInterval[];
};

/** Why the last click did not lead to Stripe (a refused plan, Stripe out of reach). */
function Refusal({ state }: { state: FormState }) {
  if (state.status !== "error") return null;
  return (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      {state.message}
    </p>
  );
}

/** The plans on sale, one button per billing interval with a price; each opens Stripe Checkout. */
export function PlanChoice({ plans, trialDays }: { plans: PlanOption[]; trialDays: number }) {
  const [state, action] = useActionState(choosePlanAction, idle);
  return (
    <div className="space-y-4">
      <Refusal state={state} />
      <ul className="grid gap-4 sm:grid-cols-2" aria-label="Plans">
        {plans.map((plan) => (
          <li key={plan.key} className="rounded-lg border border-slate-200 p-4">
            <h3 className="text-base font-semibold">{plan.name}</h3>
            <p className="mt-1 text-sm text-slate-600">
              Up to {plan.campaignLimit.toLocaleString("en-US")} active campaigns.
              {trialDays > 0 ? ` Starts with a ${trialDays}-day free trial.` : ""}
            </p>
            <div className="mt-3 flex flex-wrap gap-2">
              {plan.intervals.map((interval) => (
                <form key={interval} action={action}>
                  <input type="hidden" name="plan" value={plan.key} />
                  <input type="hidden" name="interval" value={interval} />
                  <SubmitButton
                    pendingLabel="Opening Stripe…"
                    variant={interval === "monthly" ? "primary" : "secondary"}
                  >
                    <span className="sr-only">
                      {plan.name}
                      {", "}
                    </span>
                    {INTERVAL_LABELS[interval]}
                  </SubmitButton>
                </form>
              ))}
            </div>
          </li>
        ))}
      </ul>
      <p className="text-xs text-slate-500">
        Stripe&apos;s secure checkout shows the price and takes your card; you come back here afterwards.
      </p>
    </div>
  );
}

/** Opens Stripe's Customer Portal: card, invoices, plan change, cancellation. */
export function ManageBilling() {
  const [state, action] = useActionState(manageBillingAction, idle);
  return (
    <div className="space-y-3">
      <Refusal state={state} />
      <form action={action}>
        <SubmitButton pendingLabel="Opening Stripe…" variant="secondary">
          Manage billing
        </SubmitButton>
      </form>
    </div>
  );
}
