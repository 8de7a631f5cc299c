import { randomBytes } from "node:crypto";
import Stripe from "stripe";

/**
 * The JSON of Stripe's API as test/vendors/stripe-server.ts speaks it, for the API version stripe@23
 * pins (2026-10-28.endive; notes/stripe-and-lightsail.md A1–A2): the period and price of a
 * subscription live on its item, an invoice reaches its subscription through
 * `parent.subscription_details`, errors are `{"error":{type,code,param,message}}`. Shapes are typed
 * with the SDK's own resource types, so a field the SDK would not know fails the typecheck.
 */

export const STRIPE_API_VERSION = Stripe.API_VERSION;

export type PriceInterval = "month" | "year";

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { type: string; code?: string; param?: string; message: string },
  ) {
    super(body.message);
  }
}

export const missingParam = (param: string) =>
  new StripeApiError(400, {
    type: "invalid_request_error",
    code: "parameter_missing",
    param,
    message: `Missing required param: ${param}.`,
  });

export const noSuch = (what: string, id: string) =>
  new StripeApiError(404, {
    type: "invalid_request_error",
    code: "resource_missing",
    param: "id",
    message: `No such ${what}: '${id}'`,
  });

export const stripeObjectId = (prefix: string) => `${prefix}_test_${randomBytes(12).toString("base64url")}`;

export const unix = (date: Date) => Math.floor(date.getTime() / 1000);

/** The instant `months` calendar months after `from` (UTC), as Stripe bills month and year prices. */
export function addMonths(from: number, months: number): number {
  const date = new Date(from * 1000);
  date.setUTCMonth(date.getUTCMonth() + months);
  return unix(date);
}

export function newCustomer(params: Record<string, unknown>, created: number): Stripe.Customer {
  return {
    id: stripeObjectId("cus"),
    object: "customer",
    created,
    email: typeof params.email === "string" ? params.email : null,
    name: typeof params.name === "string" ? params.name : null,
    metadata: stringRecord(params.metadata),
    livemode: false,
  } as Stripe.Customer;
}

export function newPrice(id: string, interval: PriceInterval): Stripe.Price {
  return {
    id,
    object: "price",
    active: true,
    currency: "usd",
    recurring: { interval, interval_count: 1 },
    type: "recurring",
    livemode: false,
  } as Stripe.Price;
}

export function newSubscription(args: {
  customer: string;
  price: Stripe.Price;
  created: number;
  trialDays: number | undefined;
  metadata: Record<string, string>;
}): Stripe.Subscription {
  const { created, trialDays } = args;
  const periodEnd = trialDays
    ? created + trialDays * 86_400
    : addMonths(created, args.price.recurring?.interval === "year" ? 12 : 1);
  const id = stripeObjectId("sub");
  return {
    id,
    object: "subscription",
    customer: args.customer,
    status: trialDays ? "trialing" : "active",
    created,
    start_date: created,
    billing_cycle_anchor: periodEnd,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    ended_at: null,
    trial_start: trialDays ? created : null,
    trial_end: trialDays ? periodEnd : null,
    latest_invoice: null,
    metadata: args.metadata,
    livemode: false,
    items: {
      object: "list",
      data: [
        {
          id: stripeObjectId("si"),
          object: "subscription_item",
          created,
          quantity: 1,
          subscription: id,
          price: args.price,
          current_period_start: created,
          current_period_end: periodEnd,
          metadata: {},
        },
      ],
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
    },
  } as unknown as Stripe.Subscription;
}

export function newInvoice(sub: Stripe.Subscription, created: number, paid: boolean): Stripe.Invoice {
  const item = sub.items.data[0];
  return {
    id: stripeObjectId("in"),
    object: "invoice",
    customer: sub.customer,
    created,
    status: paid ? "paid" : "open",
    amount_due: 0,
    currency: "usd",
    livemode: false,
    parent: {
      type: "subscription_details",
      quote_details: null,
      subscription_details: { subscription: sub.id, metadata: sub.metadata },
    },
    lines: {
      object: "list",
      data: [
        {
          id: stripeObjectId("il"),
          object: "line_item",
          parent: {
            type: "subscription_item_details",
            subscription_item_details: { subscription: sub.id, subscription_item: item?.id ?? null },
          },
        },
      ],
      has_more: false,
      url: "/v1/invoices/lines",
    },
  } as unknown as Stripe.Invoice;
}

export function newEvent(type: string, object: unknown, created: number, previous?: unknown): Stripe.Event {
  return {
    id: stripeObjectId("evt"),
    object: "event",
    api_version: STRIPE_API_VERSION,
    created,
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: structuredClone(object), ...(previous ? { previous_attributes: previous } : {}) },
  } as unknown as Stripe.Event;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function stringRecord(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
}
