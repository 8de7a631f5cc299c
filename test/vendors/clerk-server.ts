import { randomBytes } from "node:crypto";
import type http from "node:http";
import {
  ClerkApiError,
  type ClerkErrorJson,
  type ClerkSignInTokenRecord,
  type ClerkUserJson,
  deepMerge,
  formError,
  genericError,
  isRecord,
  newClerkUser,
  newSignInToken,
  objectBody,
  recordOr,
  type SeedClerkUser,
  stringOrNull,
  wireToken,
} from "./clerk-wire-format";
import { serveHttp } from "./serve-http";

/**
 * A local server speaking Clerk's Backend API wire format (https://clerk.com/docs/reference/backend-api)
 * for the endpoints Dripr calls, so the real SDK (`@clerk/backend`, `CLERK_API_URL` pointed here) can
 * be tested offline. Shapes follow the SDK's JSON types (@clerk/backend dist/api/resources/JSON.d.ts)
 * and ../shared/notes/clerk-offline.md §2:
 * - every answer is `Content-Type: application/json` EXACTLY (with a charset the SDK silently returns
 *   the body as a string);
 * - resources carry `"object"` ("user", "sign_in_token", "total_count"), timestamps are Unix
 *   milliseconds, every email address has `linked_to: []`;
 * - errors are `{"errors":[{"code","message","long_message","meta"}],"clerk_trace_id"}`;
 * - `GET /v1/users` answers a JSON array; the SDK's getUserList also calls `GET /v1/users/count`.
 *
 * Users live in memory. Every request is recorded (also refused ones). A test can seed users and
 * make the next matching request fail, before its effect or after it (the answer lost on the way).
 * Standalone: `node --import tsx test/vendors/start-clerk-server.ts --port 54347`.
 */

export type RecordedClerkRequest = {
  method: string;
  /** Full path, e.g. `/v1/users/user_2x…`. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body, or undefined when there was none. */
  body: unknown;
};

export type FailNextOptions = {
  /** The error body's single entry; a generic one for the status when omitted. */
  error?: ClerkErrorJson;
  /** Apply the request's effect first, then answer the error (the answer lost on its way back). */
  afterEffect?: boolean;
};

export type ClerkBackendServer = {
  /** Base URL for CLERK_API_URL (the SDK appends `/v1/…`). */
  url: string;
  secretKey: string;
  /** Copies of the users Clerk has now, oldest first. */
  users(): ClerkUserJson[];
  seedUser(seed: SeedClerkUser): ClerkUserJson;
  /** Copies of every sign-in token issued, oldest first. */
  signInTokens(): ClerkSignInTokenRecord[];
  requests: RecordedClerkRequest[];
  /** Requests whose method is `method` and whose path starts with `pathPrefix`. */
  count(method: string, pathPrefix: string): number;
  /** The next request matching `method` and `pathPrefix` (e.g. "POST", "/v1/users") answers `status`. */
  failNext(method: string, pathPrefix: string, status: number, options?: FailNextOptions): void;
  close(): Promise<void>;
};

export type ClerkBackendServerOptions = {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  secretKey?: string;
  /** Clerk's clock for created_at/updated_at; an update always moves updated_at forward. */
  now?: () => Date;
  /** Where the sign-in tokens' `url` points (Clerk: the instance's Account Portal). */
  accountsUrl?: string;
};

export const DEFAULT_CLERK_TEST_SECRET_KEY = "sk_test_dripr_wire_server_secret";

export async function startClerkBackendServer(
  options: ClerkBackendServerOptions = {},
): Promise<ClerkBackendServer> {
  const secretKey = options.secretKey ?? DEFAULT_CLERK_TEST_SECRET_KEY;
  const now = options.now ?? (() => new Date());
  const accountsUrl = options.accountsUrl ?? "https://accounts.fake-instance-12.clerk.accounts.dev";
  const users = new Map<string, ClerkUserJson>();
  const tokens: ClerkSignInTokenRecord[] = [];
  const requests: RecordedClerkRequest[] = [];
  const failures: { method: string; prefix: string; status: number; options: FailNextOptions }[] = [];

  const stamp = (previous?: number) => Math.max(now().getTime(), (previous ?? 0) + 1);

  const findByEmail = (email: string) =>
    [...users.values()].find((u) => u.email_addresses.some((a) => a.email_address === email.toLowerCase()));

  const createUser = (seed: SeedClerkUser): ClerkUserJson => {
    const email = seed.email.trim().toLowerCase();
    if (findByEmail(email)) {
      throw new ClerkApiError(422, {
        code: "form_identifier_exists",
        message: "That email address is taken. Please try another.",
        long_message: "That email address is taken. Please try another.",
        meta: { param_name: "email_address" },
      });
    }
    const createdAt = seed.createdAt?.getTime() ?? stamp();
    const updatedAt = seed.updatedAt?.getTime() ?? createdAt;
    const user = newClerkUser({ ...seed, email }, createdAt, updatedAt);
    users.set(user.id, user);
    return user;
  };

  const userOr404 = (id: string): ClerkUserJson => {
    const user = users.get(id);
    if (!user) {
      throw new ClerkApiError(404, {
        code: "resource_not_found",
        message: "not found",
        long_message: `No user was found with id ${id}`,
      });
    }
    return user;
  };

  const routes: { method: string; pattern: RegExp; handle: (m: string[], r: Parsed) => unknown }[] = [
    {
      method: "GET",
      pattern: /^\/v1\/users\/count$/,
      handle: (_m, r) => {
        // Clerk documents the count's email filter as a case-insensitive partial match.
        const emails = r.query.getAll("email_address").map((e) => e.toLowerCase());
        const total = [...users.values()].filter(
          (u) =>
            emails.length === 0 ||
            u.email_addresses.some((a) => emails.some((e) => a.email_address.includes(e))),
        ).length;
        return { object: "total_count", total_count: total };
      },
    },
    {
      method: "GET",
      pattern: /^\/v1\/users$/,
      handle: (_m, r) => {
        const emails = r.query.getAll("email_address").map((e) => e.trim().toLowerCase());
        const ids = r.query.getAll("user_id");
        const limit = Number(r.query.get("limit") ?? 10);
        const offset = Number(r.query.get("offset") ?? 0);
        return [...users.values()]
          .filter(
            (u) => emails.length === 0 || u.email_addresses.some((a) => emails.includes(a.email_address)),
          )
          .filter((u) => ids.length === 0 || ids.includes(u.id))
          .sort((a, b) => b.created_at - a.created_at)
          .slice(offset, offset + limit);
      },
    },
    {
      method: "GET",
      pattern: /^\/v1\/users\/([^/]+)$/,
      handle: ([id]) => userOr404(id ?? ""),
    },
    {
      method: "POST",
      pattern: /^\/v1\/users$/,
      handle: (_m, r) => {
        const body = objectBody(r.body);
        const emails = body.email_address;
        if (!Array.isArray(emails) || emails.length === 0 || typeof emails[0] !== "string") {
          throw formError(
            "form_param_missing",
            "email_address",
            "Enter email address.",
            "email_address must be included.",
          );
        }
        const email: string = emails[0];
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
          throw formError(
            "form_param_format_invalid",
            "email_address",
            "is invalid",
            "email_address must be a valid email address.",
          );
        }
        return createUser({
          email,
          firstName: stringOrNull(body.first_name),
          lastName: stringOrNull(body.last_name),
          publicMetadata: recordOr(body.public_metadata),
          privateMetadata: recordOr(body.private_metadata),
        });
      },
    },
    {
      method: "PATCH",
      pattern: /^\/v1\/users\/([^/]+)$/,
      handle: ([id], r) => {
        const user = userOr404(id ?? "");
        const body = objectBody(r.body);
        if ("first_name" in body) user.first_name = stringOrNull(body.first_name);
        if ("last_name" in body) user.last_name = stringOrNull(body.last_name);
        if ("external_id" in body) user.external_id = stringOrNull(body.external_id);
        // Metadata sent to this endpoint replaces the stored value (the metadata endpoint merges).
        if (isRecord(body.public_metadata)) user.public_metadata = { ...body.public_metadata };
        if (isRecord(body.private_metadata)) user.private_metadata = { ...body.private_metadata };
        user.updated_at = stamp(user.updated_at);
        return user;
      },
    },
    {
      method: "PATCH",
      pattern: /^\/v1\/users\/([^/]+)\/metadata$/,
      handle: ([id], r) => {
        const user = userOr404(id ?? "");
        const body = objectBody(r.body);
        // A deep merge; a key set to null is removed (Clerk's documented semantics).
        for (const key of ["public_metadata", "private_metadata", "unsafe_metadata"] as const) {
          const patch = body[key];
          if (isRecord(patch)) user[key] = deepMerge(user[key], patch);
        }
        user.updated_at = stamp(user.updated_at);
        return user;
      },
    },
    {
      method: "PUT",
      pattern: /^\/v1\/users\/([^/]+)\/metadata$/,
      handle: ([id], r) => {
        const user = userOr404(id ?? "");
        const body = objectBody(r.body);
        for (const key of ["public_metadata", "private_metadata", "unsafe_metadata"] as const) {
          const value = body[key];
          if (isRecord(value)) user[key] = { ...value };
        }
        user.updated_at = stamp(user.updated_at);
        return user;
      },
    },
    {
      method: "DELETE",
      pattern: /^\/v1\/users\/([^/]+)$/,
      handle: ([id]) => {
        const user = userOr404(id ?? "");
        users.delete(user.id);
        return { object: "user", id: user.id, deleted: true };
      },
    },
    {
      method: "POST",
      pattern: /^\/v1\/sign_in_tokens$/,
      handle: (_m, r) => {
        const body = objectBody(r.body);
        if (typeof body.user_id !== "string" || body.user_id === "") {
          throw formError("form_param_missing", "user_id", "is missing", "user_id must be included.");
        }
        userOr404(body.user_id);
        const record = newSignInToken(body.user_id, body.expires_in_seconds, stamp(), accountsUrl);
        tokens.push(record);
        return wireToken(record);
      },
    },
    {
      method: "POST",
      pattern: /^\/v1\/sign_in_tokens\/([^/]+)\/revoke$/,
      handle: ([id]) => {
        const record = tokens.find((t) => t.id === id);
        if (!record) {
          throw new ClerkApiError(404, {
            code: "resource_not_found",
            message: "not found",
            long_message: `No sign-in token was found with id ${id}`,
          });
        }
        record.status = "revoked";
        record.updated_at = stamp(record.updated_at);
        return wireToken(record);
      },
    },
  ];

  const answer = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const answerError = (res: http.ServerResponse, status: number, errors: ClerkErrorJson[]) =>
    answer(res, status, { errors, clerk_trace_id: randomBytes(16).toString("hex") });

  const handle = (req: http.IncomingMessage, raw: string, res: http.ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = req.method ?? "GET";
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return answerError(res, 400, [
        {
          code: "request_body_invalid",
          message: "invalid JSON",
          long_message: "The request body is not JSON.",
        },
      ]);
    }
    const parsed: Parsed = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    };
    // Readiness probe for process managers (Playwright's webServer); not a Clerk endpoint.
    if (method === "GET" && (url.pathname === "/" || url.pathname === "/health")) {
      return answer(res, 200, { status: "ok" });
    }
    requests.push(parsed);
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      const message =
        "The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.";
      return answerError(res, 401, [{ code: "clerk_key_invalid", message, long_message: message }]);
    }
    const failureIndex = failures.findIndex((f) => f.method === method && url.pathname.startsWith(f.prefix));
    const failure = failureIndex >= 0 ? failures.splice(failureIndex, 1)[0] : undefined;
    const fail = () => {
      if (!failure) return false;
      answerError(res, failure.status, [failure.options.error ?? genericError(failure.status)]);
      return true;
    };
    if (failure && !failure.options.afterEffect) return fail();

    for (const route of routes) {
      if (route.method !== method) continue;
      const match = route.pattern.exec(url.pathname);
      if (!match) continue;
      try {
        const result = route.handle(match.slice(1).map(decodeURIComponent), parsed);
        if (fail()) return;
        return answer(res, 200, structuredClone(result));
      } catch (error) {
        if (error instanceof ClerkApiError) return answerError(res, error.status, [error.error]);
        return answerError(res, 500, [genericError(500)]);
      }
    }
    if (fail()) return;
    return answerError(res, 404, [
      {
        code: "resource_not_found",
        message: "not found",
        long_message: `${method} ${url.pathname} is not an endpoint of this server`,
      },
    ]);
  };

  const { host, port, close } = await serveHttp(handle, options);

  return {
    url: `http://${host}:${port}`,
    secretKey,
    users: () => structuredClone([...users.values()]),
    seedUser: (seed) => structuredClone(createUser(seed)),
    signInTokens: () => structuredClone(tokens),
    requests,
    count: (method, prefix) =>
      requests.filter((r) => r.method === method && r.path.startsWith(prefix)).length,
    failNext(method, pathPrefix, status, failOptions = {}) {
      failures.push({ method: method.toUpperCase(), prefix: pathPrefix, status, options: failOptions });
    },
    close,
  };
}

type Parsed = RecordedClerkRequest;
