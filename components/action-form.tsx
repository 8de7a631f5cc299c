"use client";

import { type ReactNode, useEffect, useRef } from "react";
import type { FormState } from "@/lib/forms/form-fields";

/**
 * A form posted to a server action through `useActionState`, with the outcome shown above its
 * fields: the error summary as an alert (announced when it appears), a success note as a status.
 *
 * After a failed submit, focus moves to the first control in error — every form marks those
 * `aria-invalid` (`errorAria` in form-field.tsx) — or, when the error names no field, to the summary,
 * so keyboard and screen-reader users land where the fix is instead of on a button far below it.
 * The forms re-mount this after a failed submit (a `key` of the submitted values) so their
 * uncontrolled fields show what was typed; the effect then runs on mount, and otherwise on each new
 * state.
 */
export function ActionForm({
  state,
  action,
  className,
  children,
}: {
  state: FormState<unknown>;
  action: (formData: FormData) => void;
  className?: string;
  children: ReactNode;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (state.status !== "error") return;
    const field = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    // A field in a closed <details> cannot take focus.
    const details = field?.closest("details");
    if (details) details.open = true;
    (field ?? summaryRef.current)?.focus();
  }, [state]);

  return (
    <form ref={formRef} action={action} noValidate className={className}>
      {state.status === "error" ? (
        <p
          ref={summaryRef}
          role="alert"
          tabIndex={-1}
          className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
        >
          {state.message}
        </p>
      ) : state.status === "success" ? (
        <p
          role="status"
          className="rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800"
        >
          {state.message}
        </p>
      ) : null}
      {children}
    </form>
  );
}
