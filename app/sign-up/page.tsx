import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { authProvider, getCurrentAgent } from "@/lib/auth/current-agent";
import { AuthProvider } from "@/lib/auth/ui/auth-provider";
import { ClerkSignUp } from "@/lib/auth/ui/clerk-panels";
import { AuthPageFrame } from "../sign-in/auth-page-frame";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage() {
  if (await getCurrentAgent()) redirect("/dashboard");
  // Local sign-in creates an agent for a new email address: there is no separate sign-up.
  if (authProvider() !== "clerk") redirect("/sign-in");
  return (
    <AuthProvider>
      <AuthPageFrame>
        <ClerkSignUp />
      </AuthPageFrame>
    </AuthProvider>
  );
}
