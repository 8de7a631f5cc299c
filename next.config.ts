import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The container image (Dockerfile) runs `node server.js` from the standalone output; local builds
  // keep the normal output so `next start` works as documented.
  output: process.env.NEXT_OUTPUT_STANDALONE === "1" ? "standalone" : undefined,
  poweredByHeader: false,
};

export default nextConfig;
