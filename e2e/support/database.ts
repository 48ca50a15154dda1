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

export function resetDatabase(): Promise<void> {
  return withDatabase(async (client) => {
    const { rows } = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'",
    );
    await client.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`);
  });
}
