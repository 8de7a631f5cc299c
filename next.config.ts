import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The container image (Dockerfile) runs `node server.js` from the standalone output; local builds
  // keep the normal output so `next start` works as documented.
  output: process.env.NEXT_OUTPUT_STANDALONE === "1" ? "standalone" : undefined,
  poweredByHeader: false,
  // `next dev` serves its hot-reload socket and dev chunks only to the hosts listed here (plus
  // localhost). Opened at http://127.0.0.1:3000, the app stayed without JavaScript (forms posted
  // natively and waited); both loopback names work. Development only: `next start` ignores it.
  allowedDevOrigins: ["localhost", "127.0.0.1"],
};

export default nextConfig;
