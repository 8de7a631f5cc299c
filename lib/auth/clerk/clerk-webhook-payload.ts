import { z } from "zod";
import type { ClerkUserProfile } from "./clerk-backend-types";

/**
 * The parts of Clerk's webhook events Dripr reads, checked with zod (field names from
 * @clerk/backend's `UserJSON`, `UserDeletedJSON` and `WebhookEvent`; clerk.com/docs webhooks
 * reference). Everything else Clerk sends is allowed and ignored.
 */

export const clerkWebhookEvent = z.looseObject({ type: z.string().min(1), data: z.unknown() });

/** `user.created` / `user.updated`: Clerk's user object. */
export const clerkUserData = z
  .looseObject({
    id: z.string().min(1),
    email_addresses: z.array(z.looseObject({ id: z.string().min(1), email_address: z.string() })),
    primary_email_address_id: z.string().nullable(),
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
    // Clerk sends `{}` when nothing is set; removing a key in Clerk removes it here too.
    public_metadata: z
      .looseObject({ managedClientId: z.string().trim().min(1).nullish() })
      .nullish()
      .transform((metadata) => metadata ?? {}),
    /** Unix milliseconds: which of two copies of the user is newer. */
    updated_at: z.number().int().nonnegative(),
  })
  .superRefine((user, ctx) => {
    const primary = user.email_addresses.find((a) => a.id === user.primary_email_address_id);
    if (!primary || !/^[^\s@]+@[^\s@]+$/.test(primary.email_address.trim())) {
      ctx.addIssue({
        code: "custom",
        path: ["primary_email_address_id"],
        message: "the user has no primary email address among email_addresses",
      });
    }
  });
export type ClerkUserData = z.infer<typeof clerkUserData>;

/** `user.deleted`: `{ id, deleted: true, object: "user" }`. */
export const clerkUserDeletedData = z.looseObject({
  id: z.string().min(1),
  deleted: z.literal(true),
});

/** Clerk's user object in Dripr's words (the same shape the Backend API client produces). */
export function clerkUserProfile(user: ClerkUserData): ClerkUserProfile {
  const primary = user.email_addresses.find((a) => a.id === user.primary_email_address_id);
  // clerkUserData's refinement has made sure the primary address exists.
  if (!primary) throw new Error(`Clerk user ${user.id} has no primary email address`);
  return {
    clerkUserId: user.id,
    email: primary.email_address.trim(),
    firstName: user.first_name?.trim() ?? "",
    lastName: user.last_name?.trim() ?? "",
    managedClientId: user.public_metadata.managedClientId ?? null,
    updatedAt: new Date(user.updated_at),
  };
}

/** "data.email_addresses: Invalid input…" for each issue: the field a refused payload got wrong. */
export function describeIssues(error: z.ZodError, prefix: string): string {
  return error.issues
    .map((issue) => `${[prefix, ...issue.path.map(String)].join(".")}: ${issue.message}`)
    .join("; ");
}
