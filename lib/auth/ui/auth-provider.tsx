import { ClerkProvider } from "@clerk/nextjs";
import type { ReactNode } from "react";
import { getConfig } from "@/lib/env";

/**
 * Wraps the pages that show who is signed in (the app, sign-in, sign-up). With Clerk, its provider
 * with the publishable key from runtime configuration (one build serves any instance); locally,
 * nothing.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const { auth } = getConfig();
  if (auth.provider !== "clerk") return children;
  return (
    <ClerkProvider
      publishableKey={auth.publishableKey}
      signInUrl="/sign-in"
      signUpUrl="/sign-up"
      signInFallbackRedirectUrl="/dashboard"
      signUpFallbackRedirectUrl="/dashboard"
      afterSignOutUrl="/sign-in"
    >
      {children}
    </ClerkProvider>
  );
}
