import type { ReactNode } from "react";

/**
 * A labelled form control with its hint and field-level error message. The message is not an alert
 * of its own: the form's summary is announced (ActionForm), and the control, marked with `errorAria`,
 * is described by its message when focus lands on it.
 */
export function FormField({
  name,
  label,
  hint,
  errors,
  children,
  className = "",
}: {
  name: string;
  label: string;
  hint?: ReactNode;
  errors?: string[] | undefined;
  children: ReactNode;
  className?: string;
}) {
  const first = errors?.[0];
  return (
    <div className={className}>
      <label htmlFor={name} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="mt-1">{children}</div>
      {first ? (
        <p id={`${name}-error`} className="mt-1 text-sm text-red-600">
          {first}
        </p>
      ) : hint ? (
        <p id={`${name}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function inputClass(hasError: boolean): string {
  return `block w-full rounded-md border px-3 py-2 text-sm shadow-sm focus:outline-none focus:ring-2 ${
    hasError
      ? "border-red-400 focus:border-red-500 focus:ring-red-200"
      : "border-slate-300 focus:border-brand-600 focus:ring-brand-100"
  }`;
}

/** aria attributes tying an input to its error message. */
export function errorAria(name: string, errors: string[] | undefined) {
  return errors?.length ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {};
}
