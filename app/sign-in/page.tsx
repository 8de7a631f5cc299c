import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { authProvider, getCurrentAgent } from "@/lib/auth/current-agent";
import { afterSignInPath } from "@/lib/auth/route-access";
import { AuthProvider } from "@/lib/auth/ui/auth-provider";
import { ClerkSignIn } from "@/lib/auth/ui/clerk-panels";
import { AuthPageFrame } from "./auth-page-frame";
import { DemoSignInForm, LocalSignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = afterSignInPath((await searchParams).redirect_url);
  if (await getCurrentAgent()) redirect(next);
  if (authProvider() === "clerk") {
    return (
      <AuthProvider>
        <AuthPageFrame>
          <ClerkSignIn />
        </AuthPageFrame>
      </AuthProvider>
    );
  }
  return (
    <AuthPageFrame>
      <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-lg font-semibold">Sign in</h1>
        <p className="mt-1 text-sm text-slate-600">
          Local sign-in for development. Production agents sign in with their Dripr account.
        </p>
        <div className="mt-6">
          <DemoSignInForm next={next} />
        </div>
        <div className="my-6 flex items-center gap-3 text-xs uppercase tracking-wide text-slate-400">
          <span className="h-px flex-1 bg-slate-200" /> or <span className="h-px flex-1 bg-slate-200" />
        </div>
        <LocalSignInForm next={next} />
      </div>
    </AuthPageFrame>
  );
}
