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
          <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-3">
            <div className="flex items-center gap-6">
              <Link href="/dashboard" className="text-xl font-bold tracking-tight text-brand-700">
                Dripr
              </Link>
              <NavLinks showOutbox={getConfig().integrations.mail === "local-outbox"} />
            </div>
            <div className="flex items-center gap-3 text-sm">
              <span className="text-slate-600" data-testid="signed-in-agent">
                {agent.firstName} {agent.lastName}
              </span>
              {authProvider() === "clerk" ? (
                <ClerkUserMenu />
              ) : (
                <form action={signOutAction}>
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
