import { createClerkClient, type User } from "@clerk/backend";
import { isClerkAPIResponseError } from "@clerk/backend/errors";
import type { ClerkAuthConfig } from "@/lib/env-types";
import type { ClerkBackend, ClerkSignInToken, ClerkUserProfile } from "./clerk-backend-types";

/**
 * Clerk's Backend API through its own SDK (`@clerk/backend`'s `createClerkClient`), in Dripr's words
 * (clerk-backend-types.ts). `config.apiUrl` (CLERK_API_URL) points it at a local server in tests
 * (test/vendors/clerk-server.ts). Every failure becomes an Error saying which call failed, with
 * Clerk's status and long message: the SDK's own message is only the HTTP status text.
 */
export function createClerkBackend(config: ClerkAuthConfig): ClerkBackend {
  // One client per configuration: callers on the request path may ask for it on every request.
  let backend = backends.get(config);
  if (!backend) {
    backend = buildClerkBackend(config);
    backends.set(config, backend);
  }
  return backend;
}

const backends = new WeakMap<ClerkAuthConfig, ClerkBackend>();

function buildClerkBackend(config: ClerkAuthConfig): ClerkBackend {
  const clerk = createClerkClient({
    secretKey: config.secretKey,
    apiUrl: config.apiUrl,
    // A command or a server calling the Backend API has nothing to report to Clerk's telemetry.
    telemetry: { disabled: true },
  });

  return {
    async getUser(clerkUserId) {
      try {
        return toProfile(await clerk.users.getUser(clerkUserId));
      } catch (error) {
        if (isClerkAPIResponseError(error) && error.status === 404) return null;
        throw clerkError(`reading user ${clerkUserId}`, error);
      }
    },

    async findUserByEmail(email) {
      const wanted = email.trim().toLowerCase();
      const list = await call(`looking up the user with email ${wanted}`, () =>
        clerk.users.getUserList({ emailAddress: [wanted], limit: 10 }),
      );
      // The filter is Clerk's; the check is ours: only a user holding exactly this address counts.
      const user = list.data.find((u) =>
        u.emailAddresses.some((address) => address.emailAddress.toLowerCase() === wanted),
      );
      return user ? toProfile(user) : null;
    },

    async createUser(input) {
      const user = await call(`creating a user for ${input.email}`, () =>
        clerk.users.createUser({
          emailAddress: [input.email],
          firstName: input.firstName,
          lastName: input.lastName,
          ...(input.managedClientId ? { publicMetadata: { managedClientId: input.managedClientId } } : {}),
          // Agents sign in with a magic link (a sign-in token) or email code, never a password.
          skipPasswordRequirement: true,
        }),
      );
      return toProfile(user);
    },

    async updateUser(clerkUserId, input) {
      let user = await call(`updating the name of user ${clerkUserId}`, () =>
        clerk.users.updateUser(clerkUserId, { firstName: input.firstName, lastName: input.lastName }),
      );
      if (input.managedClientId !== undefined) {
        // Merged by Clerk (PATCH …/metadata): other public metadata keys are kept.
        const publicMetadata = { managedClientId: input.managedClientId };
        user = await call(`updating the public metadata of user ${clerkUserId}`, () =>
          clerk.users.updateUserMetadata(clerkUserId, { publicMetadata }),
        );
      }
      return toProfile(user);
    },

    async createSignInToken(clerkUserId, expiresInSeconds): Promise<ClerkSignInToken> {
      const token = await call(`creating a sign-in token for user ${clerkUserId}`, () =>
        clerk.signInTokens.createSignInToken({ userId: clerkUserId, expiresInSeconds }),
      );
      // Clerk's SignInToken carries no expiry; it runs from its creation on Clerk's clock.
      const createdAt = Number(token.createdAt);
      return {
        id: token.id,
        token: token.token,
        expiresAt: Number.isFinite(createdAt) ? new Date(createdAt + expiresInSeconds * 1000) : null,
      };
    },
  };
}

/** Clerk's User as Dripr reads it. */
function toProfile(user: User): ClerkUserProfile {
  const primary = user.primaryEmailAddress ?? user.emailAddresses[0] ?? null;
  if (!primary) throw new Error(`Clerk user ${user.id} has no email address`);
  const managed = user.publicMetadata?.managedClientId;
  return {
    clerkUserId: user.id,
    email: primary.emailAddress,
    firstName: user.firstName ?? "",
    lastName: user.lastName ?? "",
    managedClientId: typeof managed === "string" && managed !== "" ? managed : null,
    updatedAt: new Date(user.updatedAt),
  };
}

async function call<T>(what: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw clerkError(what, error);
  }
}

/** "Clerk: creating a user for a@b.c failed (422 form_identifier_exists: That email address is taken…)". */
function clerkError(what: string, error: unknown): Error {
  if (isClerkAPIResponseError(error)) {
    const details = error.errors.map((e) => `${e.code}: ${e.longMessage ?? e.message}`).join("; ");
    const status = error.status ? `${error.status} ` : "";
    return new ClerkBackendError(
      `Clerk: ${what} failed (${status}${details || error.message || "no details"})`,
      error.status,
      error.errors.map((e) => e.code),
      { cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ClerkBackendError(`Clerk: ${what} failed (${message})`, undefined, [], { cause: error });
}

/** A failed Backend API call: `status` is undefined when Clerk could not be reached at all. */
export class ClerkBackendError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly codes: string[],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "ClerkBackendError";
  }
}
