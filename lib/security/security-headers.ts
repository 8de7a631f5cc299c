/**
 * The browser-facing security headers (issue 18). Two parts:
 * - STATIC_SECURITY_HEADERS, the same on every response (next.config.ts `headers()`, which also
 *   covers the static files the proxy never sees), with `Referrer-Policy: no-referrer` on the
 *   homeowner's token pages so their URLs never leave in a Referer;
 * - contentSecurityPolicy(), per request with a fresh nonce (proxy.ts): Next.js puts the nonce of
 *   the request's policy on its own scripts, and 'strict-dynamic' trusts what those load (Clerk's
 *   script among them). Styles may be inline: React style attributes, and the email previews, whose
 *   frame (srcdoc, sandboxed without scripts) inherits this policy, are full of them.
 */

export type HeaderPair = { key: string; value: string };

/** Two years, the value HSTS preload lists ask for; browsers ignore it on plain-http responses. */
const HSTS = "max-age=63072000; includeSubDomains";

export const STATIC_SECURITY_HEADERS: HeaderPair[] = [
  { key: "Strict-Transport-Security", value: HSTS },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];

/** Pages whose URL is a credential (approve and unsubscribe links): no Referer, anywhere. */
export const TOKEN_PAGE_PREFIXES = ["/approve", "/unsubscribe"] as const;
export const TOKEN_PAGE_HEADERS: HeaderPair[] = [{ key: "Referrer-Policy", value: "no-referrer" }];

/** Where forms may post, or be redirected to after posting without JavaScript (Checkout, Google's consent). */
const FORM_TARGETS = [
  "https://checkout.stripe.com",
  "https://billing.stripe.com",
  "https://accounts.google.com",
];

export type CspOptions = {
  nonce: string;
  /** `next dev`: React's development build evaluates code (stack traces). */
  development: boolean;
  /** Clerk's Frontend API origin (its script and the session calls), when Clerk signs agents in. */
  clerkFrontendApi?: string;
};

export function contentSecurityPolicy({ nonce, development, clerkFrontendApi }: CspOptions): string {
  const clerk = clerkFrontendApi ? [clerkFrontendApi] : [];
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": [
      "'self'",
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      ...(development ? ["'unsafe-eval'"] : []),
    ],
    "style-src": ["'self'", "'unsafe-inline'"],
    // Email previews show the agent's headshot and logo and the email's images from their hosts.
    "img-src": ["'self'", "data:", "blob:", "https:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...clerk],
    // Clerk's bot protection runs in Cloudflare's challenge frame.
    "frame-src": ["'self'", ...(clerkFrontendApi ? ["https://challenges.cloudflare.com", ...clerk] : [])],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'", ...FORM_TARGETS],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/** A nonce for one response: 128 random bits, base64 (what CSP's nonce-source allows). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
