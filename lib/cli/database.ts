import { createPrismaClient, type Database } from "@/lib/db/client";
import { provideDatabase } from "@/lib/db/provide";
import { readEnv } from "@/lib/env";

/**
 * The database a command stores its runs in: DATABASE_URL's, or the embedded one (shared with a running
 * `npm start`, never stopped under it).
 */
export async function withCommandDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const provided = await provideDatabase({ url: readEnv().DATABASE_URL });
  const database = createPrismaClient(provided.url);
  try {
    return await work(database);
  } finally {
    await database.$disconnect();
    await provided.stop();
  }
}
