"use client";

import { useActionState } from "react";
import { ActionForm } from "@/components/action-form";
import { errorAria, FormField, inputClass } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import type { FormState } from "@/lib/forms/form-fields";
import { signInAction } from "./actions";

const idle: FormState = { status: "idle" };

/** `next`: where to go once signed in (afterSignInPath checks it again on the server). */
export function DemoSignInForm({ next }: { next: string }) {
  const [state, action] = useActionState(signInAction, idle);
  return (
    <ActionForm state={state} action={action} className="space-y-4">
      <input type="hidden" name="email" value="demo@dripr.local" />
      <input type="hidden" name="next" value={next} />
      <SubmitButton pendingLabel="Signing in…" className="w-full">
        Continue as the demo agent
      </SubmitButton>
    </ActionForm>
  );
}

export function LocalSignInForm({ next }: { next: string }) {
  const [state, action] = useActionState(signInAction, idle);
  const errors = state.status === "error" ? state.fieldErrors : {};
  const values = state.status === "error" ? state.values : {};
  return (
    // key: re-mount after a failed submit so defaultValues show what was typed
    <ActionForm state={state} action={action} className="space-y-4" key={JSON.stringify(values)}>
      <input type="hidden" name="next" value={next} />
      <FormField
        name="email"
        label="Email"
        errors={errors.email}
        hint="An existing local agent, or a new one"
      >
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={values.email ?? ""}
          className={inputClass(Boolean(errors.email))}
          {...errorAria("email", errors.email)}
        />
      </FormField>
      <FormField name="firstName" label="First name (for a new agent)" errors={errors.firstName}>
        <input
          id="firstName"
          name="firstName"
          type="text"
          defaultValue={values.firstName ?? ""}
          className={inputClass(Boolean(errors.firstName))}
          {...errorAria("firstName", errors.firstName)}
        />
      </FormField>
      <SubmitButton pendingLabel="Signing in…" variant="secondary" className="w-full">
        Sign in with email
      </SubmitButton>
    </ActionForm>
  );
}
