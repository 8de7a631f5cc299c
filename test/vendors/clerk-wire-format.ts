import { randomBytes } from "node:crypto";

/**
 * The JSON of Clerk's Backend API as test/vendors/clerk-server.ts speaks it: resource shapes after the
 * SDK's JSON types (@clerk/backend dist/api/resources/JSON.d.ts), Clerk's error entries, and the small
 * helpers the server's routes share.
 */

export type ClerkEmailAddressJson = {
  object: "email_address";
  id: string;
  email_address: string;
  reserved: boolean;
  verification: {
    object: "verification_admin";
    status: "verified";
    strategy: "admin";
    attempts: null;
    expire_at: null;
  };
  linked_to: [];
  matches_sso_connection: boolean;
  created_at: number;
  updated_at: number;
};

export type ClerkUserJson = {
  object: "user";
  id: string;
  external_id: string | null;
  username: string | null;
  first_name: string | null;
  last_name: string | null;
  image_url: string;
  has_image: boolean;
  primary_email_address_id: string | null;
  primary_phone_number_id: null;
  primary_web3_wallet_id: null;
  password_enabled: boolean;
  two_factor_enabled: boolean;
  totp_enabled: boolean;
  backup_code_enabled: boolean;
  email_addresses: ClerkEmailAddressJson[];
  phone_numbers: [];
  web3_wallets: [];
  passkeys: [];
  external_accounts: [];
  saml_accounts: [];
  enterprise_accounts: [];
  public_metadata: Record<string, unknown>;
  private_metadata: Record<string, unknown>;
  unsafe_metadata: Record<string, unknown>;
  last_sign_in_at: number | null;
  last_active_at: number | null;
  banned: boolean;
  locked: boolean;
  lockout_expires_in_seconds: null;
  verification_attempts_remaining: number;
  delete_self_enabled: boolean;
  create_organization_enabled: boolean;
  create_organizations_limit: null;
  legal_accepted_at: null;
  locale: string | null;
  created_at: number;
  updated_at: number;
};

export type ClerkSignInTokenJson = {
  object: "sign_in_token";
  id: string;
  user_id: string;
  token: string;
  status: "pending" | "accepted" | "revoked";
  url: string;
  created_at: number;
  updated_at: number;
};

/** A token as the server keeps it: the wire shape plus the lifetime it was created with. */
export type ClerkSignInTokenRecord = ClerkSignInTokenJson & { expires_in_seconds: number };

export type ClerkErrorJson = {
  code: string;
  message: string;
  long_message: string;
  meta?: Record<string, unknown>;
};

export type SeedClerkUser = {
  email: string;
  id?: string;
  firstName?: string | null;
  lastName?: string | null;
  publicMetadata?: Record<string, unknown>;
  privateMetadata?: Record<string, unknown>;
  createdAt?: Date;
  updatedAt?: Date;
};

/** A refusal in Clerk's error shape. */
export class ClerkApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: ClerkErrorJson,
  ) {
    super(error.long_message);
  }
}

/** A new user as Clerk returns it: one verified email address (the primary), no password. */
export function newClerkUser(seed: SeedClerkUser, createdAt: number, updatedAt: number): ClerkUserJson {
  const emailId = `idn_${randomId()}`;
  return {
    object: "user",
    id: seed.id ?? `user_${randomId()}`,
    external_id: null,
    username: null,
    first_name: seed.firstName ?? null,
    last_name: seed.lastName ?? null,
    image_url: "https://img.clerk.com/placeholder",
    has_image: false,
    primary_email_address_id: emailId,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    password_enabled: false,
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    email_addresses: [
      {
        object: "email_address",
        id: emailId,
        email_address: seed.email.trim().toLowerCase(),
        reserved: false,
        verification: {
          object: "verification_admin",
          status: "verified",
          strategy: "admin",
          attempts: null,
          expire_at: null,
        },
        linked_to: [],
        matches_sso_connection: false,
        created_at: createdAt,
        updated_at: createdAt,
      },
    ],
    phone_numbers: [],
    web3_wallets: [],
    passkeys: [],
    external_accounts: [],
    saml_accounts: [],
    enterprise_accounts: [],
    public_metadata: { ...seed.publicMetadata },
    private_metadata: { ...seed.privateMetadata },
    unsafe_metadata: {},
    last_sign_in_at: null,
    last_active_at: null,
    banned: false,
    locked: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: 100,
    delete_self_enabled: true,
    create_organization_enabled: true,
    create_organizations_limit: null,
    legal_accepted_at: null,
    locale: null,
    created_at: createdAt,
    updated_at: updatedAt,
  };
}

const DEFAULT_TOKEN_LIFETIME_SECONDS = 30 * 24 * 3600;

/** A pending single-use token; `lifetime` is the request's `expires_in_seconds` (Clerk: 30 days if unset). */
export function newSignInToken(
  userId: string,
  lifetime: unknown,
  at: number,
  accountsUrl: string,
): ClerkSignInTokenRecord {
  const seconds = lifetime ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
  if (typeof seconds !== "number" || !Number.isInteger(seconds) || seconds <= 0) {
    throw formError(
      "form_param_format_invalid",
      "expires_in_seconds",
      "is invalid",
      "expires_in_seconds must be a positive integer.",
    );
  }
  const token = randomBytes(48).toString("base64url");
  return {
    object: "sign_in_token",
    id: `sit_${randomId()}`,
    user_id: userId,
    token,
    status: "pending",
    url: `${accountsUrl}/sign-in/tokens?__clerk_ticket=${token}`,
    created_at: at,
    updated_at: at,
    expires_in_seconds: seconds,
  };
}

export function wireToken({
  expires_in_seconds: _kept,
  ...json
}: ClerkSignInTokenRecord): ClerkSignInTokenJson {
  return json;
}

/** Clerk's ids: a prefix and 27 base62 characters. */
export function randomId(): string {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  return [...randomBytes(27)].map((b) => alphabet[b % 62]).join("");
}

export function genericError(status: number): ClerkErrorJson {
  if (status === 429) {
    return {
      code: "too_many_requests",
      message: "Too many requests",
      long_message: "Too many requests, retry later.",
    };
  }
  if (status >= 500) {
    return {
      code: "internal_clerk_error",
      message: "Oops, an unexpected error occurred",
      long_message:
        "There was an internal error on our servers. We've been notified and are working on fixing it.",
    };
  }
  return { code: "form_param_value_invalid", message: "is invalid", long_message: "A parameter is invalid." };
}

export function formError(code: string, param: string, message: string, longMessage: string): ClerkApiError {
  return new ClerkApiError(422, { code, message, long_message: longMessage, meta: { param_name: param } });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function objectBody(body: unknown): Record<string, unknown> {
  return isRecord(body) ? body : {};
}

export function recordOr(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

export function stringOrNull(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

export function deepMerge(
  target: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    const current = merged[key];
    if (value === null) delete merged[key];
    else if (isRecord(value) && isRecord(current)) merged[key] = deepMerge(current, value);
    else merged[key] = value;
  }
  return merged;
}
