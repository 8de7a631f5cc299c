import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

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

export type RecordedClerkRequest = {
  method: string;
  /** Full path, e.g. `/v1/users/user_2x…`. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body, or undefined when there was none. */
  body: unknown;
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
const DEFAULT_TOKEN_LIFETIME_SECONDS = 30 * 24 * 3600;

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: ClerkErrorJson,
  ) {
    super(error.long_message);
  }
}

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
      throw new ApiError(422, {
        code: "form_identifier_exists",
        message: "That email address is taken. Please try another.",
        long_message: "That email address is taken. Please try another.",
        meta: { param_name: "email_address" },
      });
    }
    const createdAt = seed.createdAt?.getTime() ?? stamp();
    const updatedAt = seed.updatedAt?.getTime() ?? createdAt;
    const emailId = `idn_${randomId()}`;
    const user: ClerkUserJson = {
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
          email_address: email,
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
    users.set(user.id, user);
    return user;
  };

  const userOr404 = (id: string): ClerkUserJson => {
    const user = users.get(id);
    if (!user) {
      throw new ApiError(404, {
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
        const lifetime = body.expires_in_seconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
        if (typeof lifetime !== "number" || !Number.isInteger(lifetime) || lifetime <= 0) {
          throw formError(
            "form_param_format_invalid",
            "expires_in_seconds",
            "is invalid",
            "expires_in_seconds must be a positive integer.",
          );
        }
        const at = stamp();
        const token = randomBytes(48).toString("base64url");
        const record: ClerkSignInTokenRecord = {
          object: "sign_in_token",
          id: `sit_${randomId()}`,
          user_id: body.user_id,
          token,
          status: "pending",
          url: `${accountsUrl}/sign-in/tokens?__clerk_ticket=${token}`,
          created_at: at,
          updated_at: at,
          expires_in_seconds: lifetime,
        };
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
          throw new ApiError(404, {
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
        if (error instanceof ApiError) return answerError(res, error.status, [error.error]);
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

  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => handle(req, Buffer.concat(chunks).toString("utf8"), res));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

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
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

type Parsed = RecordedClerkRequest;

function wireToken({ expires_in_seconds: _kept, ...json }: ClerkSignInTokenRecord): ClerkSignInTokenJson {
  return json;
}

/** Clerk's ids: a prefix and 27 base62 characters. */
function randomId(): string {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  return [...randomBytes(27)].map((b) => alphabet[b % 62]).join("");
}

function genericError(status: number): ClerkErrorJson {
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

function formError(code: string, param: string, message: string, longMessage: string): ApiError {
  return new ApiError(422, { code, message, long_message: longMessage, meta: { param_name: param } });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function objectBody(body: unknown): Record<string, unknown> {
  return isRecord(body) ? body : {};
}

function recordOr(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function deepMerge(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    const current = merged[key];
    if (value === null) delete merged[key];
    else if (isRecord(value) && isRecord(current)) merged[key] = deepMerge(current, value);
    else merged[key] = value;
  }
  return merged;
}
