import Link from "next/link";
import type { ReactNode } from "react";
import { SubmitButton } from "@/components/submit-button";
import { authProvider, requireAgent } from "@/lib/auth/current-agent";
import { AuthProvider } from "@/lib/auth/ui/auth-provider";
import { ClerkUserMenu } from "@/lib/auth/ui/clerk-panels";
import { getConfig } from "@/lib/env";
import { signOutAction } from "../sign-in/actions";
import { NavLinks } from "./nav-links";

// Every page and action below authorises again; this layout only frames them.
export default async function AppLayout({ children }: { children: ReactNode }) {
  const agent = await requireAgent();
  return (
    <AuthProvider>
      <div className="min-h-screen">
        <header className="border-b border-slate-200 bg-white">
          {/* Phones: the name and the account on one row, the navigation on its own row below. */}
          <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-1 px-4 py-3">
            <Link href="/dashboard" className="text-xl font-bold tracking-tight text-brand-700">
              Dripr
            </Link>
            <NavLinks
              showOutbox={getConfig().integrations.mail === "local-outbox"}
              className="order-last -mx-2 w-[calc(100%+1rem)] md:order-none md:mx-0 md:w-auto"
            />
            <div className="ml-auto flex min-w-0 items-center gap-3 text-sm">
              <span className="min-w-0 truncate text-slate-600" data-testid="signed-in-agent">
                {agent.firstName} {agent.lastName}
              </span>
              {authProvider() === "clerk" ? (
                <ClerkUserMenu />
              ) : (
                <form action={signOutAction} className="shrink-0">
                  <SubmitButton variant="secondary" pendingLabel="Signing out…" className="px-3 py-1.5">
                    Sign out
                  </SubmitButton>
                </form>
              )}
            </div>
          </div>
        </header>
        <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
      </div>
    </AuthProvider>
  );
}
