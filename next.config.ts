import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The container image runs `node server.js` from the standalone output.
  output: "standalone",
  poweredByHeader: false,
};

export default nextConfig;
