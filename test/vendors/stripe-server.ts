import { createHash, randomBytes } from "node:crypto";
import type http from "node:http";
import qs from "qs";
import Stripe from "stripe";
import { serveHttp } from "./serve-http";
import {
  addMonths,
  isRecord,
  missingParam,
  newCustomer,
  newEvent,
  newInvoice,
  newPrice,
  newSubscription,
  noSuch,
  type PriceInterval,
  StripeApiError,
  stringRecord,
  stripeObjectId,
  unix,
} from "./stripe-wire-format";

/**
 * A local server speaking Stripe's API wire format (form-encoded requests, JSON answers, `/v1/…`)
 * for what Dripr calls, so the real SDK (stripe@23, pointed here with its host/port/protocol
 * options, STRIPE_API_URL) is tested offline: customers (with idempotency keys, as Stripe keeps
 * them), Checkout sessions, billing-portal sessions, subscriptions (retrieve and list by customer,
 * `expand` of latest_invoice). Facts in notes/stripe-and-lightsail.md A1.
 *
 * A test API drives a subscription through its states the way Stripe does (complete a Checkout,
 * renew, fail a payment, pay, change price, cancel…): each step changes the stored objects and
 * emits the events Stripe would, with copies of the objects as they were then. Events are kept for
 * the test to deliver (`deliver`, in any order, any number of times) or, with `webhookUrl`, POSTed
 * there as they happen, signed with the SDK's generateTestHeaderString. Browsers reach `/checkout/:id`
 * (completes the session, then back to its success_url) and `/portal/:id`; another process drives the
 * test API over HTTP under `/_test/` (start-stripe-server.ts).
 */

export type RecordedStripeRequest = {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed form body (POST) or query (GET). */
  params: Record<string, unknown>;
};

export type StripeServerOptions = {
  port?: number;
  host?: string;
  secretKey?: string;
  webhookSecret?: string;
  /** Stripe's clock: object and event timestamps. */
  now?: () => Date;
  /** Interval of each price id; any other price bills monthly. */
  prices?: Record<string, PriceInterval>;
  /** Where events are POSTed as they happen (the app's webhook endpoint); unset: none are sent. */
  webhookUrl?: string;
};

export type DeliveryOptions = {
  url?: string;
  secret?: string;
  /** The signed Unix timestamp (seconds); now by default. */
  timestamp?: number;
  /** A body other than the event's JSON (to tamper with it after signing). */
  payload?: string;
};

export type SubscriptionAction =
  | { action: "renew"; paid: boolean }
  | { action: "fail-payment" }
  | { action: "pay" }
  | { action: "unpaid" }
  | { action: "change-price"; price: string }
  | { action: "cancel-at-period-end"; value: boolean }
  | { action: "cancel" };

export type StripeServer = {
  /** Base URL (STRIPE_API_URL); the SDK adds `/v1/…`. */
  url: string;
  api: { host: string; port: number; protocol: "http" };
  secretKey: string;
  webhookSecret: string;
  requests: RecordedStripeRequest[];
  count(method: string, pathPrefix: string): number;
  customers(): Stripe.Customer[];
  checkoutSessions(): Stripe.Checkout.Session[];
  subscription(id: string): Stripe.Subscription;
  subscriptions(): Stripe.Subscription[];
  /** Every event emitted, oldest first. */
  events(): Stripe.Event[];
  /** What a customer paying in Checkout does: the subscription (trialing with a trial) and its events. */
  completeCheckout(sessionId: string): Stripe.Subscription;
  act(subscriptionId: string, step: SubscriptionAction): Stripe.Subscription;
  /** POSTs one event, signed, to `url` (default webhookUrl); the answer's status and text. */
  deliver(event: Stripe.Event, options?: DeliveryOptions): Promise<{ status: number; body: string }>;
  /** Waits until every event emitted so far was POSTed to webhookUrl. */
  delivered(): Promise<void>;
  /** The next request matching `method` and `pathPrefix` answers `status` with a Stripe error. */
  failNext(method: string, pathPrefix: string, status: number): void;
  close(): Promise<void>;
};

export const DEFAULT_STRIPE_TEST_SECRET_KEY = "sk_test_dripr_wire_server";
export const DEFAULT_STRIPE_WEBHOOK_SECRET = "whsec_dripr_wire_server_signing_secret";

const signer = new Stripe("sk_test_signing_only");

/** The `Stripe-Signature` header Stripe would send for `payload` (SDK's own test helper). */
export function stripeSignature(payload: string, secret: string, timestamp?: number): string {
  return signer.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) });
}

/** A signed webhook request as Stripe sends it, for calling a route handler in-process. */
export function stripeWebhookRequest(
  event: Stripe.Event,
  options: DeliveryOptions & { secret: string },
): Request {
  const payload = JSON.stringify(event, null, 2);
  const header = stripeSignature(payload, options.secret, options.timestamp);
  return new Request(options.url ?? "http://127.0.0.1/api/webhooks/stripe", {
    method: "POST",
    headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": header },
    body: options.payload ?? payload,
  });
}

export async function startStripeServer(options: StripeServerOptions = {}): Promise<StripeServer> {
  const secretKey = options.secretKey ?? DEFAULT_STRIPE_TEST_SECRET_KEY;
  const webhookSecret = options.webhookSecret ?? DEFAULT_STRIPE_WEBHOOK_SECRET;
  const now = () => unix(options.now?.() ?? new Date());
  const customers = new Map<string, Stripe.Customer>();
  const sessions = new Map<string, Stripe.Checkout.Session>();
  const subscriptions = new Map<string, Stripe.Subscription>();
  const invoices = new Map<string, Stripe.Invoice>();
  const idempotent = new Map<string, { hash: string; status: number; body: unknown }>();
  const events: Stripe.Event[] = [];
  const requests: RecordedStripeRequest[] = [];
  const failures: { method: string; prefix: string; status: number }[] = [];
  let deliveries = Promise.resolve();
  let baseUrl = "";

  const emit = (type: string, object: unknown, previous?: unknown) => {
    const event = newEvent(type, object, now(), previous);
    events.push(event);
    if (options.webhookUrl) deliveries = deliveries.then(() => deliverWithRetries(event));
  };

  const deliver = async (event: Stripe.Event, delivery: DeliveryOptions = {}) => {
    const url = delivery.url ?? options.webhookUrl;
    if (!url) throw new Error("no webhook URL to deliver to");
    const request = stripeWebhookRequest(event, {
      ...delivery,
      secret: delivery.secret ?? webhookSecret,
      timestamp: delivery.timestamp ?? now(),
      url,
    });
    const response = await fetch(request);
    return { status: response.status, body: await response.text() };
  };

  // Stripe retries for days; a few quick tries are enough for a test.
  const deliverWithRetries = async (event: Stripe.Event) => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const answer = await deliver(event).catch(() => ({ status: 0, body: "" }));
      if (answer.status >= 200 && answer.status < 300) return;
      await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
    }
  };

  const subscriptionOr404 = (id: string) => {
    const sub = subscriptions.get(id);
    if (!sub) throw noSuch("subscription", id);
    return sub;
  };

  const withInvoice = (sub: Stripe.Subscription, expand: unknown): Stripe.Subscription => {
    const copy = structuredClone(sub);
    const wanted = Array.isArray(expand) ? expand : [];
    if (wanted.includes("latest_invoice") || wanted.includes("data.latest_invoice")) {
      const id = typeof copy.latest_invoice === "string" ? copy.latest_invoice : null;
      copy.latest_invoice = id ? structuredClone(invoices.get(id) ?? null) : null;
    }
    return copy;
  };

  const invoice = (sub: Stripe.Subscription, paid: boolean) => {
    const created = newInvoice(sub, now(), paid);
    invoices.set(created.id, created);
    sub.latest_invoice = created.id;
    return created;
  };

  const completeCheckout = (sessionId: string): Stripe.Subscription => {
    const session = sessions.get(sessionId);
    if (!session) throw noSuch("checkout.session", sessionId);
    if (session.status === "complete" && typeof session.subscription === "string") {
      return subscriptionOr404(session.subscription);
    }
    const params = sessionParams.get(sessionId) ?? {};
    const lineItems = Array.isArray(params.line_items) ? params.line_items : [];
    const priceId = isRecord(lineItems[0]) ? String(lineItems[0].price) : "";
    const subscriptionData = isRecord(params.subscription_data) ? params.subscription_data : {};
    const trial = Number(subscriptionData.trial_period_days ?? 0);
    const sub = newSubscription({
      customer: String(session.customer),
      price: newPrice(priceId, options.prices?.[priceId] ?? "month"),
      created: now(),
      trialDays: trial > 0 ? trial : undefined,
      metadata: stringRecord(subscriptionData.metadata),
    });
    subscriptions.set(sub.id, sub);
    const paid = invoice(sub, true);
    Object.assign(session, { status: "complete", payment_status: "paid", subscription: sub.id });
    emit("customer.subscription.created", sub);
    emit("invoice.paid", paid);
    emit("checkout.session.completed", session);
    return structuredClone(sub);
  };

  const act = (id: string, step: SubscriptionAction): Stripe.Subscription => {
    const sub = subscriptionOr404(id);
    const before = structuredClone(sub);
    const item = sub.items.data[0];
    if (!item) throw new Error(`subscription ${id} has no item`);
    if (sub.status === "canceled")
      throw new StripeApiError(400, { type: "invalid_request_error", message: "canceled" });
    switch (step.action) {
      case "renew": {
        // A subscription set to cancel does not renew: it ends at its period end.
        if (sub.cancel_at !== null && sub.cancel_at <= item.current_period_end) {
          sub.status = "canceled";
          sub.ended_at = sub.cancel_at;
          sub.canceled_at ??= now();
          emit("customer.subscription.deleted", sub);
          return structuredClone(sub);
        }
        const months = item.price.recurring?.interval === "year" ? 12 : 1;
        item.current_period_start = item.current_period_end;
        item.current_period_end = addMonths(item.current_period_end, months);
        const created = invoice(sub, step.paid);
        sub.status = step.paid ? "active" : "past_due";
        emit(step.paid ? "invoice.paid" : "invoice.payment_failed", created);
        break;
      }
      case "fail-payment": {
        const created = invoice(sub, false);
        sub.status = "past_due";
        emit("invoice.payment_failed", created);
        break;
      }
      case "pay": {
        const latest = typeof sub.latest_invoice === "string" ? invoices.get(sub.latest_invoice) : undefined;
        if (latest) latest.status = "paid";
        sub.status = "active";
        if (latest) emit("invoice.paid", latest);
        break;
      }
      case "unpaid":
        sub.status = "unpaid";
        break;
      case "change-price":
        item.price = newPrice(step.price, options.prices?.[step.price] ?? "month");
        break;
      case "cancel-at-period-end":
        sub.cancel_at_period_end = step.value;
        sub.cancel_at = step.value ? item.current_period_end : null;
        break;
      case "cancel":
        sub.status = "canceled";
        sub.canceled_at = now();
        sub.ended_at = now();
        emit("customer.subscription.deleted", sub);
        return structuredClone(sub);
    }
    emit("customer.subscription.updated", sub, changedFields(before, sub));
    return structuredClone(sub);
  };

  const sessionParams = new Map<string, Record<string, unknown>>();

  const routes: {
    method: string;
    pattern: RegExp;
    handle: (m: string[], params: Record<string, unknown>) => unknown;
  }[] = [
    {
      method: "POST",
      pattern: /^\/v1\/customers$/,
      handle: (_m, params) => {
        const customer = newCustomer(params, now());
        customers.set(customer.id, customer);
        return customer;
      },
    },
    {
      method: "GET",
      pattern: /^\/v1\/customers\/([^/]+)$/,
      handle: ([id]) => customers.get(id ?? "") ?? throwing(noSuch("customer", id ?? "")),
    },
    {
      method: "POST",
      pattern: /^\/v1\/checkout\/sessions$/,
      handle: (_m, params) => {
        for (const name of ["mode", "success_url"]) if (!params[name]) throw missingParam(name);
        if (params.mode === "subscription" && !Array.isArray(params.line_items))
          throw missingParam("line_items");
        const customer = typeof params.customer === "string" ? params.customer : null;
        if (customer && !customers.has(customer)) throw noSuch("customer", customer);
        const id = stripeObjectId("cs");
        const session = {
          id,
          object: "checkout.session",
          mode: params.mode,
          status: "open",
          payment_status: "unpaid",
          customer,
          client_reference_id:
            typeof params.client_reference_id === "string" ? params.client_reference_id : null,
          subscription: null,
          success_url: params.success_url,
          cancel_url: params.cancel_url ?? null,
          metadata: stringRecord(params.metadata),
          url: `${baseUrl}/checkout/${id}`,
          created: now(),
          livemode: false,
        } as unknown as Stripe.Checkout.Session;
        sessions.set(id, session);
        sessionParams.set(id, params);
        return session;
      },
    },
    {
      method: "GET",
      pattern: /^\/v1\/checkout\/sessions\/([^/]+)$/,
      handle: ([id]) => sessions.get(id ?? "") ?? throwing(noSuch("checkout.session", id ?? "")),
    },
    {
      method: "POST",
      pattern: /^\/v1\/billing_portal\/sessions$/,
      handle: (_m, params) => {
        const customer = String(params.customer ?? "");
        if (!customer) throw missingParam("customer");
        if (!customers.has(customer)) throw noSuch("customer", customer);
        const id = stripeObjectId("bps");
        const query = new URLSearchParams({ return_url: String(params.return_url ?? "") });
        return {
          id,
          object: "billing_portal.session",
          customer,
          return_url: params.return_url ?? null,
          url: `${baseUrl}/portal/${id}?${query}`,
          created: now(),
          livemode: false,
        };
      },
    },
    {
      method: "GET",
      pattern: /^\/v1\/subscriptions\/([^/]+)$/,
      handle: ([id], params) => withInvoice(subscriptionOr404(id ?? ""), params.expand),
    },
    {
      method: "GET",
      pattern: /^\/v1\/subscriptions$/,
      handle: (_m, params) => {
        const status = String(params.status ?? "");
        const limit = Math.min(Number(params.limit ?? 10), 100);
        const found = [...subscriptions.values()]
          .filter((sub) => !params.customer || sub.customer === params.customer)
          // Stripe lists canceled subscriptions only when asked (status=canceled or all).
          .filter((sub) =>
            status === "all" ? true : status ? sub.status === status : sub.status !== "canceled",
          )
          .sort((a, b) => b.created - a.created);
        return {
          object: "list",
          url: "/v1/subscriptions",
          has_more: found.length > limit,
          data: found.slice(0, limit).map((sub) => withInvoice(sub, params.expand)),
        };
      },
    },
  ];

  const answer = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, {
      "content-type": "application/json",
      "request-id": `req_${randomBytes(8).toString("hex")}`,
      "stripe-version": Stripe.API_VERSION,
    });
    res.end(JSON.stringify(body));
  };

  const handleApi = (req: http.IncomingMessage, raw: string, res: http.ServerResponse, url: URL) => {
    const method = req.method ?? "GET";
    const params = qs.parse(method === "GET" ? url.search.slice(1) : raw, { depth: 10, arrayLimit: 100 });
    requests.push({ method, path: url.pathname, headers: req.headers, params });
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      return answer(res, 401, {
        error: { type: "invalid_request_error", message: "Invalid API Key provided: sk_test_***" },
      });
    }
    const failure = failures.findIndex((f) => f.method === method && url.pathname.startsWith(f.prefix));
    if (failure >= 0) {
      const status = failures.splice(failure, 1)[0]?.status ?? 500;
      return answer(res, status, { error: { type: "api_error", message: "Injected failure" } });
    }
    // Stripe replays the first answer to a key; the same key with other parameters is an error.
    const key = method === "POST" ? (req.headers["idempotency-key"] as string | undefined) : undefined;
    const hash = createHash("sha256").update(`${url.pathname}\n${raw}`).digest("hex");
    const replay = key ? idempotent.get(key) : undefined;
    if (replay) {
      if (replay.hash === hash) return answer(res, replay.status, replay.body);
      return answer(res, 400, {
        error: {
          type: "idempotency_error",
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        },
      });
    }
    let status = 200;
    let body: unknown;
    const route = routes.find((r) => r.method === method && r.pattern.test(url.pathname));
    try {
      if (!route) throw noSuch("route", `${method} ${url.pathname}`);
      body = route.handle((route.pattern.exec(url.pathname) ?? []).slice(1), params);
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      status = error.status;
      body = { error: error.body };
    }
    if (key) idempotent.set(key, { hash, status, body });
    return answer(res, status, body);
  };

  // Pages a browser opens (Checkout, the portal) and the test API of another process.
  const handleOther = async (req: http.IncomingMessage, raw: string, res: http.ServerResponse, url: URL) => {
    const checkout = /^\/checkout\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && checkout?.[1]) {
      completeCheckout(checkout[1]);
      const session = sessions.get(checkout[1]);
      const back = String(session?.success_url ?? "/").replace("{CHECKOUT_SESSION_ID}", checkout[1]);
      res.writeHead(303, { location: back });
      return res.end();
    }
    const portal = /^\/portal\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && portal) {
      const back = url.searchParams.get("return_url") ?? "/";
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end(
        `<!doctype html><title>Stripe test portal</title><h1>Customer portal (test)</h1><a href="${encodeURI(back)}">Return</a>`,
      );
    }
    const control = /^\/_test\/(checkout|subscriptions)\/([^/]+)(?:\/([a-z-]+))?$/.exec(url.pathname);
    if (req.method === "POST" && control?.[2]) {
      const body: Record<string, unknown> = raw ? JSON.parse(raw) : {};
      const result =
        control[1] === "checkout"
          ? completeCheckout(control[2])
          : act(control[2], { ...body, action: control[3] } as SubscriptionAction);
      await deliveries;
      return answer(res, 200, result);
    }
    if (req.method === "GET" && url.pathname === "/_test/events") return answer(res, 200, events);
    if (req.method === "GET" && (url.pathname === "/" || url.pathname === "/health"))
      return answer(res, 200, { status: "ok" });
    return answer(res, 404, {
      error: { type: "invalid_request_error", message: "Unrecognized request URL" },
    });
  };

  const { host, port, close } = await serveHttp((req, raw, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const work = url.pathname.startsWith("/v1/")
      ? Promise.resolve(handleApi(req, raw, res, url))
      : handleOther(req, raw, res, url);
    work.catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent)
        answer(res, error instanceof StripeApiError ? error.status : 500, {
          error: { type: "api_error", message },
        });
    });
  }, options);
  baseUrl = `http://${host}:${port}`;

  return {
    url: baseUrl,
    api: { host, port, protocol: "http" },
    secretKey,
    webhookSecret,
    requests,
    count: (method, prefix) =>
      requests.filter((r) => r.method === method && r.path.startsWith(prefix)).length,
    customers: () => structuredClone([...customers.values()]),
    checkoutSessions: () => structuredClone([...sessions.values()]),
    subscription: (id) => structuredClone(subscriptionOr404(id)),
    subscriptions: () => structuredClone([...subscriptions.values()]),
    events: () => structuredClone(events),
    completeCheckout,
    act,
    deliver,
    delivered: () => deliveries,
    failNext(method, pathPrefix, status) {
      failures.push({ method: method.toUpperCase(), prefix: pathPrefix, status });
    },
    close,
  };
}

function throwing(error: Error): never {
  throw error;
}

/** `previous_attributes` of an update event: the top-level fields that changed, as they were. */
function changedFields(before: Stripe.Subscription, after: Stripe.Subscription): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(before)) {
    if (JSON.stringify(value) !== JSON.stringify((after as unknown as Record<string, unknown>)[key])) {
      changed[key] = value;
    }
  }
  return changed;
}
