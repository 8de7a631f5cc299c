"use client";

import { useActionState, useState } from "react";
import { ActionForm } from "@/components/action-form";
import { errorAria, FormField, inputClass } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { CUSTOM_TONE, TONE_PRESETS } from "@/lib/agents/writing-settings-input";
import type { FormState } from "@/lib/forms/form-fields";
import { updateWritingSettingsAction } from "./writing-actions";

export function WritingForm({ initialValues }: { initialValues: Record<string, string> }) {
  const [state, action] = useActionState(updateWritingSettingsAction, { status: "idle" } as FormState);
  const errors = state.status === "error" ? state.fieldErrors : {};
  const values = state.status === "error" ? state.values : initialValues;
  const [tone, setTone] = useState(values.tone ?? TONE_PRESETS[0]);
  return (
    <ActionForm state={state} action={action} className="mt-4 space-y-4" key={JSON.stringify(values)}>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField
          name="tone"
          label="Tone"
          errors={errors.tone}
          hint="How your emails sound to your clients."
        >
          <select
            id="tone"
            name="tone"
            defaultValue={values.tone}
            onChange={(event) => setTone(event.target.value)}
            className={inputClass(Boolean(errors.tone))}
            {...errorAria("tone", errors.tone)}
          >
            {TONE_PRESETS.map((preset) => (
              <option key={preset}>{preset}</option>
            ))}
            <option value={CUSTOM_TONE}>In my own words…</option>
          </select>
        </FormField>
        <FormField
          name="signOff"
          label="Sign-off"
          errors={errors.signOff}
          hint='Printed above your name, e.g. "Warmly," (the default when blank).'
        >
          <input
            id="signOff"
            name="signOff"
            defaultValue={values.signOff ?? ""}
            maxLength={40}
            placeholder="Warmly,"
            className={inputClass(Boolean(errors.signOff))}
            {...errorAria("signOff", errors.signOff)}
          />
        </FormField>
        {tone === CUSTOM_TONE ? (
          <FormField
            name="customTone"
            label="Describe your tone"
            errors={errors.customTone}
            hint="A few words, e.g. “friendly but brief, no exclamation marks”."
            className="sm:col-span-2"
          >
            <input
              id="customTone"
              name="customTone"
              defaultValue={values.customTone ?? ""}
              maxLength={120}
              className={inputClass(Boolean(errors.customTone))}
              {...errorAria("customTone", errors.customTone)}
            />
          </FormField>
        ) : null}
      </div>
      <div className="flex justify-end">
        <SubmitButton pendingLabel="Saving…">Save writing settings</SubmitButton>
      </div>
    </ActionForm>
  );
}
