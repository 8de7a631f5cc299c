"use client";

import { useActionState } from "react";
import { errorAria, FormField, inputClass } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import type { FormState } from "@/lib/forms/form-fields";
import { editEmailAction } from "./email-actions";

/** Edit the subject and intro of this cycle's email before it goes out. */
export function EditEmailForm({
  campaignId,
  emailId,
  subject,
  introText,
}: {
  campaignId: string;
  emailId: string;
  subject: string;
  introText: string;
}) {
  const [state, action] = useActionState(editEmailAction.bind(null, campaignId, emailId), {
    status: "idle",
  } as FormState);
  const errors = state.status === "error" ? state.fieldErrors : {};
  const values = state.status === "error" ? state.values : { subject, introText };
  return (
    <form action={action} noValidate className="space-y-4" key={JSON.stringify(values)}>
      {state.status === "error" ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.message}
        </p>
      ) : state.status === "success" ? (
        <p
          role="status"
          className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800"
        >
          {state.message}
        </p>
      ) : null}
      <FormField name="subject" label="Subject" errors={errors.subject}>
        <input
          id="subject"
          name="subject"
          defaultValue={values.subject ?? ""}
          maxLength={150}
          className={inputClass(Boolean(errors.subject))}
          {...errorAria("subject", errors.subject)}
        />
      </FormField>
      <FormField
        name="introText"
        label="Intro"
        hint="Plain text. Leave a blank line between paragraphs."
        errors={errors.introText}
      >
        <textarea
          id="introText"
          name="introText"
          rows={6}
          defaultValue={values.introText ?? ""}
          className={inputClass(Boolean(errors.introText))}
          {...errorAria("introText", errors.introText)}
        />
      </FormField>
      <SubmitButton variant="secondary" pendingLabel="Saving…">
        Save changes
      </SubmitButton>
    </form>
  );
}
