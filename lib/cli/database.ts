import type { Database } from "@/lib/db/client";
import { pgSql, type Sql } from "@/lib/db/sql";
import { provideDatabase } from "@/lib/db/provide";
import { readEnv } from "@/lib/env";
import { profileMark } from "@/lib/util/profile";

/**
 * The database a command stores its runs in: DATABASE_URL's, or the embedded one (shared with a running
 * `npm start`, never stopped under it).
 */
export async function withCommandDatabase<T>(work: (database: Database, url: string) => Promise<T>): Promise<T> {
  const provided = await provideDatabase({ url: readEnv().DATABASE_URL, migrationUrl: readEnv().DATABASE_MIGRATION_URL });
  // Loaded here, not up front: `validate` uses withCommandSql and never loads the Prisma runtime.
  const { createPrismaClient } = await import("@/lib/db/client");
  const database = createPrismaClient(provided.url);
  try {
    return await work(database, provided.url);
  } finally {
    await database.$disconnect();
    await provided.stop();
    profileMark("database closed");
  }
}

/** The same database as plain SQL (lib/db/sql.ts): for a command whose statements are all SQL, no Prisma to start. */
export async function withCommandSql<T>(work: (database: Sql, url: string) => Promise<T>): Promise<T> {
  const provided = await provideDatabase({ url: readEnv().DATABASE_URL, migrationUrl: readEnv().DATABASE_MIGRATION_URL });
  const database = pgSql(provided.url);
  try {
    return await work(database, provided.url);
  } finally {
    await database.end();
    await provided.stop();
    profileMark("database closed");
  }
}
