import type { ReactNode } from "react";

/** The sign-in and sign-up pages' frame: the name, what Dripr does, and the form. */
export function AuthPageFrame({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="flex w-full max-w-md flex-col items-center">
        <div className="mb-8 text-center">
          <p className="text-3xl font-bold tracking-tight text-brand-700">Dripr</p>
          <p className="mt-2 text-sm text-slate-600">
            Monthly home-value emails to your past clients, sent from you.
          </p>
        </div>
        <div className="w-full">{children}</div>
      </div>
    </main>
  );
}
