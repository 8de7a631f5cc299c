import { SignIn, SignUp, UserButton } from "@clerk/nextjs";

/**
 * Clerk's own components, behind the lib/auth boundary. Hash routing keeps each on one page;
 * <SignIn/> also completes a magic sign-in link (`?__clerk_ticket=…`, Clerk's ticket flow).
 */

export function ClerkSignIn() {
  return <SignIn routing="hash" signUpUrl="/sign-up" fallbackRedirectUrl="/dashboard" />;
}

export function ClerkSignUp() {
  return <SignUp routing="hash" signInUrl="/sign-in" fallbackRedirectUrl="/dashboard" />;
}

/** The header's user menu: account settings and sign-out. */
export function ClerkUserMenu() {
  return <UserButton />;
}
