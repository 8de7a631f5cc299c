"use client";

import { useActionState } from "react";
import { ActionForm } from "@/components/action-form";
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
    <ActionForm state={state} action={action} className="space-y-4" key={JSON.stringify(values)}>
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
        hint="Plain text; leave a blank line between paragraphs. The email opens with “Hi <first name>,” above it, so start with your message."
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
    </ActionForm>
  );
}
