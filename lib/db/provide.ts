import path from "node:path";
import pg from "pg";
import { applyMigrations } from "@/lib/db/migrate";
import { dataDir } from "@/lib/data-dir";
import { readEnv } from "@/lib/env";

// Decides which PostgreSQL the product uses: the server in DATABASE_URL when it is set, otherwise an embedded one
// whose data lives under the data directory. Either way the caller gets a URL with every migration applied.

export interface ProvidedDatabase {
  url: string;
  embedded: boolean;
  /** This process started (or adopted) the embedded server: no other TrailProof process uses it. */
  exclusive: boolean;
  stop(): Promise<void>;
}

export interface ProvideOptions {
  /** A server URL given by the user; undefined selects the embedded server. */
  url?: string;
  /** Sub-folder of the data directory for the embedded server (tests use their own). */
  cluster?: string;
  database?: string;
  preferredPort?: number;
  migrate?: boolean;
  log?: (line: string) => void;
}

export async function provideDatabase(options: ProvideOptions = {}): Promise<ProvidedDatabase> {
  const env = readEnv();
  let provided: ProvidedDatabase;
  if (options.url) {
    await checkReachable(options.url);
    provided = { url: options.url, embedded: false, exclusive: false, stop: async () => undefined };
  } else {
    // Loaded only when needed: the package installs process exit hooks that a DATABASE_URL user should not get.
    const { startEmbeddedPostgres } = await import("@/lib/db/embedded-postgres");
    const server = await startEmbeddedPostgres({
      dataDir: path.join(dataDir(env), options.cluster ?? "pgdata"),
      database: options.database ?? "trailproof",
      preferredPort: options.preferredPort ?? env.TRAILPROOF_PG_PORT,
      log: options.log,
    });
    provided = { url: server.url, embedded: true, exclusive: server.ownership !== "shared", stop: server.stop };
  }
  if (options.migrate !== false) {
    try {
      await applyMigrations(provided.url);
    } catch (error) {
      await provided.stop();
      throw error;
    }
  }
  return provided;
}

/** Runs `work` with the URL of a server (DATABASE_URL's, or the embedded one), stopping what it started. */
export async function withDatabaseServer<T>(work: (url: string) => Promise<T>): Promise<T> {
  const database = await provideDatabase({ url: readEnv().DATABASE_URL, migrate: false });
  try {
    return await work(database.url);
  } finally {
    await database.stop();
  }
}

async function checkReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Cannot connect to the database in DATABASE_URL (${redact(url)}): ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A URL safe to print: the password replaced. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable URL)";
  }
}
