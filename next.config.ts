import type { NextConfig } from "next";
import {
  STATIC_SECURITY_HEADERS,
  TOKEN_PAGE_HEADERS,
  TOKEN_PAGE_PREFIXES,
} from "./lib/security/security-headers";

const nextConfig: NextConfig = {
  // The container image (Dockerfile) runs `node server.js` from the standalone output; local builds
  // keep the normal output so `next start` works as documented.
  output: process.env.NEXT_OUTPUT_STANDALONE === "1" ? "standalone" : undefined,
  poweredByHeader: false,
  // `next dev` serves its hot-reload socket and dev chunks only to the hosts listed here (plus
  // localhost). Opened at http://127.0.0.1:3000, the app stayed without JavaScript (forms posted
  // natively and waited); both loopback names work. Development only: `next start` ignores it.
  allowedDevOrigins: ["localhost", "127.0.0.1"],
  // The same security headers on every response, static files included (the Content-Security-Policy,
  // which needs a nonce per response, comes from proxy.ts). A later entry's header wins.
  async headers() {
    return [
      { source: "/:path*", headers: STATIC_SECURITY_HEADERS },
      ...TOKEN_PAGE_PREFIXES.map((prefix) => ({ source: `${prefix}/:path*`, headers: TOKEN_PAGE_HEADERS })),
    ];
  },
};

export default nextConfig;
