import { defineConfig } from "prisma/config";

// Prisma 7 takes the connection URL here, not in schema.prisma. Only the CLI reads this file; the app and the
// migration runner build their own connection from lib/env.ts (embedded PostgreSQL when DATABASE_URL is unset).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
