import type { TestProject } from "vitest/node";
import { provideDatabase } from "@/lib/db/provide";

// One PostgreSQL for the whole integration run: TEST_DATABASE_URL when set (never DATABASE_URL, which may hold
// real data), otherwise an embedded cluster of its own beside the product's, so tests never touch the user's data.

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const database = await provideDatabase({
    url: process.env.TEST_DATABASE_URL,
    cluster: "test-pgdata",
    database: "trailproof_test",
    preferredPort: 54339,
  });
  project.provide("databaseUrl", database.url);
  return async () => {
    await database.stop();
  };
}
