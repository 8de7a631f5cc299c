"use client";

import { useActionState } from "react";
import { ActionForm } from "@/components/action-form";
import { errorAria, FormField, inputClass } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { AGENT_TIME_ZONES } from "@/lib/agents/agent-profile-input";
import { PHONE_EXAMPLE } from "@/lib/agents/phone-number";
import { US_STATES } from "@/lib/campaigns/us-states";
import type { FormState } from "@/lib/forms/form-fields";
import { updateProfileAction } from "./actions";

export function ProfileForm({ initialValues }: { initialValues: Record<string, string> }) {
  const [state, action] = useActionState(updateProfileAction, { status: "idle" } as FormState);
  const errors = state.status === "error" ? state.fieldErrors : {};
  const values = state.status === "error" ? state.values : initialValues;
  const text = (
    name: string,
    label: string,
    className = "",
    hint?: string,
    input: { type?: string; autoComplete?: string } = {},
  ) => (
    <FormField name={name} label={label} errors={errors[name]} className={className} hint={hint}>
      <input
        id={name}
        name={name}
        type={input.type ?? "text"}
        autoComplete={input.autoComplete}
        defaultValue={values[name] ?? ""}
        className={inputClass(Boolean(errors[name]))}
        {...errorAria(name, errors[name])}
      />
    </FormField>
  );
  return (
    <ActionForm state={state} action={action} className="space-y-6" key={JSON.stringify(values)}>
      <fieldset className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <legend className="px-1 text-base font-semibold">Profile</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          {text("firstName", "First name")}
          {text("lastName", "Last name")}
          {text("phone", "Phone", "", `Shown in your emails, e.g. ${PHONE_EXAMPLE}`, {
            type: "tel",
            autoComplete: "tel",
          })}
          {text("brokerageName", "Brokerage")}
          {text("licenseNumber", "License number")}
        </div>
      </fieldset>
      <fieldset className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <legend className="px-1 text-base font-semibold">Postal address</legend>
        <p className="mb-4 text-xs text-slate-500">
          Printed in the footer of every email, as CAN-SPAM requires.
        </p>
        <div className="grid gap-4 sm:grid-cols-6">
          {text("addressLine1", "Street address", "sm:col-span-4")}
          {text("addressLine2", "Suite", "sm:col-span-2")}
          {text("city", "City", "sm:col-span-3")}
          <FormField name="state" label="State" errors={errors.state} className="sm:col-span-1">
            <select
              id="state"
              name="state"
              defaultValue={values.state ?? ""}
              className={inputClass(Boolean(errors.state))}
              {...errorAria("state", errors.state)}
            >
              <option value="">—</option>
              {Object.keys(US_STATES).map((code) => (
                <option key={code}>{code}</option>
              ))}
            </select>
          </FormField>
          {text("postalCode", "ZIP code", "sm:col-span-2")}
        </div>
      </fieldset>
      <fieldset className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <legend className="px-1 text-base font-semibold">Sending</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField
            name="timeZone"
            label="Time zone"
            errors={errors.timeZone}
            hint="Send days and times follow this zone."
          >
            <select
              id="timeZone"
              name="timeZone"
              defaultValue={values.timeZone}
              className={inputClass(Boolean(errors.timeZone))}
              {...errorAria("timeZone", errors.timeZone)}
            >
              {AGENT_TIME_ZONES.map((zone) => (
                <option key={zone}>{zone}</option>
              ))}
            </select>
          </FormField>
          <div className="flex items-start gap-3 pt-6">
            <input
              id="sendingWindowEnabled"
              name="sendingWindowEnabled"
              type="checkbox"
              defaultChecked={values.sendingWindowEnabled === "on"}
              className="mt-1 size-4"
            />
            <label htmlFor="sendingWindowEnabled" className="text-sm">
              <span className="font-medium text-slate-700">Send only between 11:00 and 18:00</span>
              <span className="block text-xs text-slate-500">In your time zone. Recommended.</span>
            </label>
          </div>
        </div>
      </fieldset>
      <div className="flex justify-end">
        <SubmitButton pendingLabel="Saving…">Save settings</SubmitButton>
      </div>
    </ActionForm>
  );
}
