import { randomBytes, randomUUID } from "node:crypto";
import { Webhook } from "svix";
import { getDb } from "@/lib/db";
import { uniqueToken } from "@/test/factories/unique";
import type { ClerkUserProfile } from "./clerk-backend-types";

/**
 * Test helpers for the Clerk webhook: deliveries as Svix makes them, the body signed with
 * svix@1.99.1's own signer, and event payloads shaped like Clerk's (@clerk/backend's UserJSON and
 * UserDeletedJSON, abridged). Svix's ±5 minute tolerance is checked against the real clock, so
 * signing uses it; what the handler records uses the tests' explicit clock.
 */

export const newSigningSecret = () => `whsec_${randomBytes(24).toString("base64")}`;

/** Clerk's `updated_at` of the first copy of a test user (unix ms). */
export const T0 = Date.parse("2031-03-01T09:00:00Z");

export type Signing = {
  /** svix-id; a fresh one by default. */
  id?: string;
  /** Another secret than the handler's. */
  secret?: string;
  /** When Svix signed it: the real clock by default. */
  signedAt?: Date;
  /** A header left out. */
  omit?: "svix-id" | "svix-timestamp" | "svix-signature";
  /** A body other than the one signed. */
  body?: string;
};

export function signedDelivery(event: unknown, secret: string, signing: Signing = {}): Request {
  const signed = JSON.stringify(event);
  const id = signing.id ?? `msg_${randomUUID()}`;
  const signedAt = signing.signedAt ?? new Date();
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "svix-id": id,
    "svix-timestamp": String(Math.floor(signedAt.getTime() / 1000)),
    "svix-signature": new Webhook(signing.secret ?? secret).sign(id, signedAt, signed),
  };
  if (signing.omit) delete headers[signing.omit];
  return new Request("http://localhost:3000/api/webhooks/clerk", {
    method: "POST",
    headers,
    body: signing.body ?? signed,
  });
}

export type ClerkUser = {
  id: string;
  email: string;
  first: string;
  last: string;
  updatedAt: number;
  meta?: object;
};

/** A Clerk user as it changes over time: each copy is what one event carries. */
export function clerkUser(overrides: Partial<ClerkUser> = {}): ClerkUser {
  const token = uniqueToken();
  return {
    id: `user_${token}`,
    email: `agent.${token}@realty.example.com`,
    first: "Dana",
    last: "Whitaker",
    updatedAt: T0,
    ...overrides,
  };
}

export function userEvent(type: "user.created" | "user.updated", user: ClerkUser) {
  return {
    type,
    object: "event",
    timestamp: user.updatedAt,
    instance_id: "ins_test",
    event_attributes: { http_request: { client_ip: "203.0.113.9", user_agent: "Mozilla/5.0" } },
    data: {
      object: "user",
      id: user.id,
      first_name: user.first,
      last_name: user.last,
      username: null,
      image_url: "https://img.clerk.com/x.png",
      primary_email_address_id: "idn_primary",
      email_addresses: [
        { object: "email_address", id: "idn_old", email_address: "old@example.com", linked_to: [] },
        { object: "email_address", id: "idn_primary", email_address: user.email, linked_to: [] },
      ],
      phone_numbers: [],
      public_metadata: user.meta ?? {},
      private_metadata: {},
      unsafe_metadata: {},
      created_at: T0,
      updated_at: user.updatedAt,
    },
  };
}

export const deletedEvent = (clerkUserId: string) => ({
  type: "user.deleted",
  object: "event",
  timestamp: T0,
  data: { id: clerkUserId, deleted: true, object: "user" },
});

/** The same user as the session's just-in-time path reads it from the Backend API. */
export const profileOf = (user: ClerkUser): ClerkUserProfile => ({
  clerkUserId: user.id,
  email: user.email,
  firstName: user.first,
  lastName: user.last,
  managedClientId: null,
  updatedAt: new Date(user.updatedAt),
});

export const usersOf = (clerkUserId: string) => getDb().user.findMany({ where: { clerkUserId } });

export const recordedDeliveries = (eventId: string) =>
  getDb().processedWebhookEvent.findMany({ where: { provider: "CLERK", eventId } });
