/**
 * What Dripr needs from Clerk's Backend API, in our own words: nothing outside `lib/auth` sees
 * Clerk's SDK types. The real implementation is `clerk-backend.ts` (the SDK's `createClerkClient`,
 * pointed at `CLERK_API_URL` in tests); tests run it against `test/vendors/clerk-server.ts`.
 */

/** A Clerk user as Dripr reads it (the primary email address; `managedClientId` from public metadata). */
export type ClerkUserProfile = {
  clerkUserId: string;
  email: string;
  firstName: string;
  lastName: string;
  managedClientId: string | null;
  /** Clerk's `updated_at`: which of two copies of the same user is newer. */
  updatedAt: Date;
};

export type CreateClerkUserInput = {
  email: string;
  firstName: string;
  lastName: string;
  /** Stored as `public_metadata.managedClientId`. */
  managedClientId?: string;
};

export type ClerkSignInToken = { id: string; token: string; expiresAt: Date | null };

export interface ClerkBackend {
  /** null when Clerk has no such user (404). */
  getUser(clerkUserId: string): Promise<ClerkUserProfile | null>;
  /** The user whose email address this is, or null. */
  findUserByEmail(email: string): Promise<ClerkUserProfile | null>;
  createUser(input: CreateClerkUserInput): Promise<ClerkUserProfile>;
  /** Names and public metadata (merged: other metadata keys are kept). */
  updateUser(clerkUserId: string, input: Omit<CreateClerkUserInput, "email">): Promise<ClerkUserProfile>;
  /** A single-use sign-in token (Clerk's ticket strategy). */
  createSignInToken(clerkUserId: string, expiresInSeconds: number): Promise<ClerkSignInToken>;
}
