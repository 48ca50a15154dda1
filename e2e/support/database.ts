import path from "node:path";
import pg from "pg";
import { runningServerUrl } from "@/lib/db/embedded-postgres";
import { E2E_DATA_DIR } from "@/playwright.config";

/** The database the e2e server uses (it started it; we only connect). The sign-in tests' server has its own dir. */
export function e2eDatabaseUrl(dataDir = E2E_DATA_DIR): string {
  const url = process.env.TEST_DATABASE_URL ?? runningServerUrl(path.join(dataDir, "pgdata"), "trailproof");
  if (!url) throw new Error("The e2e server's database is not running");
  return url;
}

export async function withDatabase<T>(work: (client: pg.Client) => Promise<T>, url = e2eDatabaseUrl()): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Holds `table` in EXCLUSIVE mode on a connection of its own until `release()`: reads go on, every write to it
 * waits. For a test that must see the app's work in a state the app would otherwise leave too fast.
 */
export async function holdTable(table: string, url = e2eDatabaseUrl()): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(`LOCK TABLE "${table}" IN EXCLUSIVE MODE`);
  } catch (error) {
    await client.end();
    throw error;
  }
  return { release: () => client.query("COMMIT").finally(() => client.end()).then(() => undefined) };
}

export function resetDatabase(): Promise<void> {
  return withDatabase(async (client) => {
    const { rows } = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'",
    );
    await client.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`);
  });
}
