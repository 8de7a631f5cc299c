"use client";

import Link from "next/link";
import { useActionState } from "react";
import { ActionForm } from "@/components/action-form";
import { buttonClass } from "@/components/button-class";
import { errorAria, FormField, inputClass } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { US_STATES } from "@/lib/campaigns/us-states";
import type { FormState } from "@/lib/forms/form-fields";

export type CampaignFormValues = Record<string, string>;

type Props = {
  action: (previous: FormState, formData: FormData) => Promise<FormState>;
  initialValues: CampaignFormValues;
  submitLabel: string;
  cancelHref: string;
};

export function CampaignForm({ action, initialValues, submitLabel, cancelHref }: Props) {
  const [state, formAction] = useActionState(action, { status: "idle" } as FormState);
  const errors = state.status === "error" ? state.fieldErrors : {};
  const values = state.status === "error" ? state.values : initialValues;

  const text = (
    name: string,
    label: string,
    props: {
      type?: string;
      hint?: string;
      autoComplete?: string;
      placeholder?: string;
      className?: string;
      inputMode?: "numeric" | "decimal";
    } = {},
  ) => (
    <FormField name={name} label={label} hint={props.hint} errors={errors[name]} className={props.className}>
      <input
        id={name}
        name={name}
        type={props.type ?? "text"}
        inputMode={props.inputMode}
        autoComplete={props.autoComplete ?? "off"}
        placeholder={props.placeholder}
        defaultValue={values[name] ?? ""}
        className={inputClass(Boolean(errors[name]))}
        {...errorAria(name, errors[name])}
      />
    </FormField>
  );

  return (
    // key: re-mount after a failed submit so defaultValues show what was typed
    <ActionForm state={state} action={formAction} className="space-y-8" key={JSON.stringify(values)}>
      <fieldset className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <legend className="px-1 text-base font-semibold">Homeowner</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          {text("clientFirstName", "First name", { autoComplete: "off" })}
          {text("clientLastName", "Last name")}
          {text("clientEmail", "Email", {
            type: "email",
            className: "sm:col-span-2",
            hint: "The monthly email goes to this address.",
          })}
        </div>
      </fieldset>

      <fieldset className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <legend className="px-1 text-base font-semibold">Property</legend>
        <div className="grid gap-4 sm:grid-cols-6">
          {text("propertyAddressLine1", "Street address", {
            className: "sm:col-span-4",
            placeholder: "1204 Maple Ridge Dr",
          })}
          {text("propertyAddressLine2", "Apt / unit", { className: "sm:col-span-2" })}
          {text("propertyCity", "City", { className: "sm:col-span-3" })}
          <FormField
            name="propertyState"
            label="State"
            errors={errors.propertyState}
            className="sm:col-span-1"
          >
            <select
              id="propertyState"
              name="propertyState"
              defaultValue={values.propertyState ?? ""}
              className={inputClass(Boolean(errors.propertyState))}
              {...errorAria("propertyState", errors.propertyState)}
            >
              <option value="">—</option>
              {Object.keys(US_STATES).map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </select>
          </FormField>
          {text("zipCode", "ZIP code", {
            className: "sm:col-span-2",
            inputMode: "numeric",
            placeholder: "78704",
          })}
        </div>
      </fieldset>

      <fieldset className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <legend className="px-1 text-base font-semibold">Schedule</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          {text("fixedSendDay", "Send day of the month", {
            type: "number",
            inputMode: "numeric",
            hint: "1–28. Emails go out on this day at 11:00 in your time zone; the first one about a day after you add the campaign.",
          })}
          <div className="flex items-start gap-3 pt-6">
            <input
              id="checkBeforeSending"
              name="checkBeforeSending"
              type="checkbox"
              defaultChecked={values.checkBeforeSending === "on"}
              className="mt-1 size-4 rounded border-slate-300 text-brand-600"
            />
            <label htmlFor="checkBeforeSending" className="text-sm">
              <span className="font-medium text-slate-700">Let me approve each email before it is sent</span>
              <span className="block text-xs text-slate-500">
                You get a preview and approve it with one click.
              </span>
            </label>
          </div>
        </div>
      </fieldset>

      <details
        className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm"
        open={Boolean(
          values.purchasePrice ||
            values.loanAmount ||
            errors.purchasePrice ||
            errors.purchaseDate ||
            errors.loanAmount ||
            errors.loanRatePercent,
        )}
      >
        <summary className="cursor-pointer text-base font-semibold">Purchase and loan (optional)</summary>
        <p className="mt-1 text-xs text-slate-500">
          With these the email can show estimated equity and a refinance note.
        </p>
        <div className="mt-4 grid gap-4 sm:grid-cols-2">
          {text("purchasePrice", "Purchase price ($)", { inputMode: "numeric" })}
          {text("purchaseDate", "Purchase date", { type: "date" })}
          {text("loanAmount", "Loan amount ($)", { inputMode: "numeric" })}
          {text("loanRatePercent", "Loan rate (%)", { inputMode: "decimal", placeholder: "6.25" })}
        </div>
      </details>

      <div className="flex items-center justify-end gap-3">
        <Link href={cancelHref} className={buttonClass("secondary")}>
          Cancel
        </Link>
        <SubmitButton pendingLabel="Saving…">{submitLabel}</SubmitButton>
      </div>
    </ActionForm>
  );
}
