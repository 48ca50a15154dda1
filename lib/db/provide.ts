import path from "node:path";
import pg from "pg";
import { applyMigrations } from "@/lib/db/migrate";
import { appendOnlyWeakness, grantApplicationRole, roleOf } from "@/lib/db/app-role";
import { dataDir } from "@/lib/data-dir";
import { readEnv } from "@/lib/env";

// Decides which PostgreSQL the product uses: the server in DATABASE_URL when it is set, otherwise an embedded one
// whose data lives under the data directory. Either way the caller gets a URL with every migration applied.
// Two roles: migrations run as the owner (the embedded superuser, or DATABASE_MIGRATION_URL's role), which then
// grants the application's role (the embedded trailproof_app, or DATABASE_URL's role) what it needs and no more
// (lib/db/app-role.ts). With one URL for both, the audit trail's append-only rests on its trigger alone: warned.

export interface ProvidedDatabase {
  /** The application's connection: what the web server, the worker and the commands use. */
  url: string;
  /** The owner's connection: migrations, grants, and test resets; the same as `url` with a single DATABASE_URL. */
  ownerUrl: string;
  /** Said once at start: why the application's own records are less protected than they should be. */
  warnings: string[];
  embedded: boolean;
  /** This process started (or adopted) the embedded server: no other TrailProof process uses it. */
  exclusive: boolean;
  stop(): Promise<void>;
}

export interface ProvideOptions {
  /** A server URL given by the user; undefined selects the embedded server. */
  url?: string;
  /** With `url`: the owner's URL that runs migrations (DATABASE_MIGRATION_URL); undefined uses `url` for both. */
  migrationUrl?: string;
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
    await checkReachable(options.url, "DATABASE_URL");
    if (options.migrationUrl) await checkReachable(options.migrationUrl, "DATABASE_MIGRATION_URL");
    const ownerUrl = options.migrationUrl ?? options.url;
    provided = { url: options.url, ownerUrl, warnings: [], embedded: false, exclusive: false, stop: async () => undefined };
  } else {
    // Loaded only when needed: the package installs process exit hooks that a DATABASE_URL user should not get.
    const { startEmbeddedPostgres } = await import("@/lib/db/embedded-postgres");
    const server = await startEmbeddedPostgres({
      dataDir: path.join(dataDir(env), options.cluster ?? "pgdata"),
      database: options.database ?? "trailproof",
      preferredPort: options.preferredPort ?? env.TRAILPROOF_PG_PORT,
      log: options.log,
    });
    provided = { url: server.appUrl, ownerUrl: server.url, warnings: [], embedded: true, exclusive: server.ownership !== "shared", stop: server.stop };
  }
  if (options.migrate !== false) {
    try {
      await applyMigrations(provided.ownerUrl);
      const appRole = roleOf(provided.url);
      if (roleOf(provided.ownerUrl) !== appRole) await grantApplicationRole(provided.ownerUrl, appRole);
      const weakness = await appendOnlyWeakness(provided.url);
      if (weakness) {
        provided.warnings.push(
          `${weakness}: the audit trail and stored evidence exports are append-only through their triggers only, which that role could drop or bypass with TRUNCATE. Give TrailProof two roles (DATABASE_MIGRATION_URL, see docs/configuration.md).`,
        );
      }
    } catch (error) {
      await provided.stop();
      throw error;
    }
  }
  return provided;
}

/** Runs `work` with the owner's URL of a server (DATABASE_URL's, or the embedded one), stopping what it started. */
export async function withDatabaseServer<T>(work: (ownerUrl: string) => Promise<T>): Promise<T> {
  const env = readEnv();
  const database = await provideDatabase({ url: env.DATABASE_URL, migrationUrl: env.DATABASE_MIGRATION_URL, migrate: false });
  try {
    return await work(database.ownerUrl);
  } finally {
    await database.stop();
  }
}

async function checkReachable(url: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Cannot connect to the database in ${name} (${redact(url)}): ${(error as Error).message}`);
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
