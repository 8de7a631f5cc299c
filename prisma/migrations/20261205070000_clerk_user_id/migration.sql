-- The Clerk user id under its own name (lib/auth/clerk), and the Clerk `updated_at` a row was synced from.
ALTER TABLE "User" RENAME COLUMN "clerkId" TO "clerkUserId";
ALTER INDEX "User_clerkId_key" RENAME TO "User_clerkUserId_key";
ALTER TABLE "User" ADD COLUMN "clerkUpdatedAt" TIMESTAMPTZ(3);
