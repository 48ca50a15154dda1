import type { TestProject } from "vitest/node";
import { provideDatabase } from "@/lib/db/provide";

// One PostgreSQL for the whole integration run: TEST_DATABASE_URL when set (TEST_DATABASE_MIGRATION_URL its owner) (never DATABASE_URL, which may hold
// real data), otherwise an embedded cluster of its own beside the product's, so tests never touch the user's data.

declare module "vitest" {
  export interface ProvidedContext {
    /** The application role's URL: tests see the database as the product does (lib/db/app-role.ts). */
    databaseUrl: string;
    /** The owner's URL: resets, scratch databases, anything the application may not do. */
    ownerDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const database = await provideDatabase({
    url: process.env.TEST_DATABASE_URL,
    migrationUrl: process.env.TEST_DATABASE_MIGRATION_URL,
    cluster: "test-pgdata",
    database: "trailproof_test",
    preferredPort: 54339,
  });
  project.provide("databaseUrl", database.url);
  project.provide("ownerDatabaseUrl", database.ownerUrl);
  for (const warning of database.warnings) console.warn(`integration tests: ${warning}`);
  return async () => {
    await database.stop();
  };
}
