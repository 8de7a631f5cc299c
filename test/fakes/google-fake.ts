import { randomUUID } from "node:crypto";
import { type FakeServer, sendJson, startFakeServer } from "./http-server";

/**
 * A local server speaking the parts of Google the app uses:
 * - OAuth 2.0 token endpoint `POST /token` (form-encoded; authorization_code and refresh_token
 *   grants; `{"error":"invalid_grant"}` with 400 once a grant is revoked), `POST /revoke?token=`;
 * - Gmail API v1 `POST /gmail/v1/users/me/messages/send` ({raw} → {id, threadId, labelIds}) and
 *   `GET /gmail/v1/users/me/messages?q=rfc822msgid:…` (403 insufficientPermissions unless the grant
 *   has a read scope), both requiring a Bearer access token the token endpoint issued. Tests script
 *   send failures (a status such as 503, or no answer at all) and count every send request received.
 */

export type GmailSent = {
  id: string;
  accessToken: string;
  raw: string;
  mime: string;
  messageId: string | undefined;
};

type Grant = { refreshToken: string; scope: string; email: string; revoked: boolean };

export type GoogleFake = FakeServer & {
  clientId: string;
  clientSecret: string;
  sent: GmailSent[];
  /** Registers an authorization code the token endpoint will accept. */
  issueCode(options: {
    email: string;
    scope: string;
    refreshToken?: string;
    omitRefreshToken?: boolean;
    /** The id_token says the address is not verified (`email_verified: false`). */
    unverifiedEmail?: boolean;
  }): string;
  /** The agent revokes access in their Google account: refresh and access tokens stop working. */
  revoke(refreshToken: string): void;
  tokenRequests: Record<string, string>[];
  grants: Map<string, Grant>;
  /** Every Gmail send request that reached the server (accepted, refused or left hanging). */
  sendRequests: number;
  /** Answers the next Gmail send with this status and body. */
  failNextSend(status: number, body: unknown): void;
  /** Reads the next Gmail send completely and never answers it (nothing is sent). */
  hangNextSend(): void;
  /** Runs after a sent message is stored and before the 200 is written; "hang" never answers. */
  onSent: ((message: GmailSent) => Promise<undefined | "hang"> | undefined | "hang") | undefined;
  config: { authUrl: string; tokenUrl: string; revokeUrl: string; gmailApiUrl: string };
};

const SEND = "/gmail/v1/users/me/messages/send";
const LIST = "/gmail/v1/users/me/messages";

export async function startGoogleFake(): Promise<GoogleFake> {
  const codes = new Map<string, { grant: Grant; omitRefreshToken: boolean; unverifiedEmail: boolean }>();
  const grants = new Map<string, Grant>();
  const accessTokens = new Map<string, Grant>();
  const sent: GmailSent[] = [];
  const tokenRequests: Record<string, string>[] = [];
  const sendFailures: ({ status: number; body: unknown } | "hang")[] = [];
  const clientId = "test-client.apps.googleusercontent.com";
  const clientSecret = "test-client-secret";

  const issueAccessToken = (grant: Grant) => {
    const token = `ya29.${randomUUID()}`;
    accessTokens.set(token, grant);
    return token;
  };
  const authorized = (header: string | undefined): Grant | undefined => {
    const grant = accessTokens.get(/^Bearer (.+)$/.exec(header ?? "")?.[1] ?? "");
    return grant && !grant.revoked ? grant : undefined;
  };
  const unauthenticated = {
    error: {
      code: 401,
      message: "Request had invalid authentication credentials.",
      status: "UNAUTHENTICATED",
    },
  };

  const fake = {} as GoogleFake;
  const server = await startFakeServer(async (req, body, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (req.method === "POST" && url.pathname === "/token") {
      const form = Object.fromEntries(new URLSearchParams(body));
      tokenRequests.push(form);
      if (form.client_id !== clientId || form.client_secret !== clientSecret) {
        return sendJson(res, 401, { error: "invalid_client", error_description: "Unauthorized" });
      }
      if (form.grant_type === "authorization_code") {
        const issued = codes.get(form.code ?? "");
        codes.delete(form.code ?? "");
        if (!issued)
          return sendJson(res, 400, { error: "invalid_grant", error_description: "Malformed auth code." });
        const { grant } = issued;
        grants.set(grant.refreshToken, grant);
        const idToken = [
          { alg: "RS256", typ: "JWT" },
          {
            iss: "https://accounts.google.com",
            aud: clientId,
            email: grant.email,
            email_verified: !issued.unverifiedEmail,
            sub: "1234",
          },
        ]
          .map((part) => Buffer.from(JSON.stringify(part)).toString("base64url"))
          .concat("signature")
          .join(".");
        return sendJson(res, 200, {
          access_token: issueAccessToken(grant),
          expires_in: 3599,
          ...(issued.omitRefreshToken ? {} : { refresh_token: grant.refreshToken }),
          scope: grant.scope,
          token_type: "Bearer",
          id_token: idToken,
        });
      }
      if (form.grant_type === "refresh_token") {
        const grant = grants.get(form.refresh_token ?? "");
        if (!grant || grant.revoked) {
          return sendJson(res, 400, {
            error: "invalid_grant",
            error_description: "Token has been expired or revoked.",
          });
        }
        return sendJson(res, 200, {
          access_token: issueAccessToken(grant),
          expires_in: 3599,
          scope: grant.scope,
          token_type: "Bearer",
        });
      }
      return sendJson(res, 400, { error: "unsupported_grant_type" });
    }
    if (req.method === "POST" && url.pathname === "/revoke") {
      const token = url.searchParams.get("token") ?? new URLSearchParams(body).get("token") ?? "";
      const grant = grants.get(token) ?? accessTokens.get(token);
      if (!grant)
        return sendJson(res, 400, { error: "invalid_token", error_description: "Token expired or revoked" });
      grant.revoked = true;
      return sendJson(res, 200, {});
    }
    if (req.method === "POST" && url.pathname === SEND) {
      const grant = authorized(req.headers.authorization);
      if (!grant) return sendJson(res, 401, unauthenticated);
      fake.sendRequests++;
      const failure = sendFailures.shift();
      if (failure === "hang") return;
      if (failure) return sendJson(res, failure.status, failure.body);
      const { raw } = JSON.parse(body) as { raw?: string };
      if (!raw)
        return sendJson(res, 400, {
          error: {
            code: 400,
            message: "Invalid value for ByteString",
            errors: [{ reason: "invalidArgument" }],
          },
        });
      const mime = Buffer.from(raw, "base64url").toString("utf8");
      const id = randomUUID().replaceAll("-", "").slice(0, 16);
      const message = {
        id,
        accessToken: req.headers.authorization ?? "",
        raw,
        mime,
        messageId: /^Message-ID: (.+)$/im.exec(mime)?.[1]?.trim(),
      };
      sent.push(message);
      if ((await fake.onSent?.(message)) === "hang") return;
      return sendJson(res, 200, { id, threadId: id, labelIds: ["SENT"] });
    }
    if (req.method === "GET" && url.pathname === LIST) {
      const grant = authorized(req.headers.authorization);
      if (!grant) return sendJson(res, 401, unauthenticated);
      if (!/gmail\.readonly|gmail\.modify|mail\.google\.com/.test(grant.scope)) {
        return sendJson(res, 403, {
          error: {
            code: 403,
            message: "Request had insufficient authentication scopes.",
            errors: [{ reason: "insufficientPermissions" }],
            status: "PERMISSION_DENIED",
          },
        });
      }
      const wanted = /^rfc822msgid:(.+)$/.exec(url.searchParams.get("q") ?? "")?.[1];
      const found = sent.filter((m) => m.messageId?.replace(/^<|>$/g, "") === wanted);
      return sendJson(
        res,
        200,
        found.length
          ? { messages: found.map((m) => ({ id: m.id, threadId: m.id })), resultSizeEstimate: found.length }
          : { resultSizeEstimate: 0 },
      );
    }
    return sendJson(res, 404, { error: { code: 404, message: "Not Found" } });
  });

  return Object.assign(fake, server, {
    onSent: undefined,
    sendRequests: 0,
    clientId,
    clientSecret,
    sent,
    grants,
    tokenRequests,
    issueCode({
      email,
      scope,
      refreshToken,
      omitRefreshToken,
      unverifiedEmail,
    }: {
      email: string;
      scope: string;
      refreshToken?: string;
      omitRefreshToken?: boolean;
      unverifiedEmail?: boolean;
    }) {
      const code = `4/${randomUUID()}`;
      codes.set(code, {
        grant: { refreshToken: refreshToken ?? `1//${randomUUID()}`, scope, email, revoked: false },
        omitRefreshToken: omitRefreshToken ?? false,
        unverifiedEmail: unverifiedEmail ?? false,
      });
      return code;
    },
    revoke(refreshToken: string) {
      const grant = grants.get(refreshToken);
      if (grant) grant.revoked = true;
    },
    failNextSend(status: number, body: unknown) {
      sendFailures.push({ status, body });
    },
    hangNextSend() {
      sendFailures.push("hang");
    },
    config: {
      authUrl: `${server.url}/o/oauth2/v2/auth`,
      tokenUrl: `${server.url}/token`,
      revokeUrl: `${server.url}/revoke`,
      gmailApiUrl: `${server.url}/`,
    },
  });
}
