import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

// Applies prisma/migrations/*/migration.sql in order and records each in `_prisma_migrations` exactly as Prisma's
// `migrate deploy` does, so an online `npx prisma migrate deploy` sees the same history. We do it ourselves because
// Prisma 7's migrate commands need a native engine binary that these machines cannot download.

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "prisma", "migrations");

// Prisma's own lock id for migrations (pg_advisory_lock), so concurrent starts and Prisma's CLI exclude each other.
const PRISMA_ADVISORY_LOCK = 72707369;

const CREATE_HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export class MigrationError extends Error {}

/** Applies pending migrations; returns the names applied now. Throws MigrationError on a drifted history. */
export async function applyMigrations(connectionString: string, migrations = readMigrations()): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    // The migrations' unqualified names are public's, as under Prisma's migrate deploy (search_path = the URL's
    // schema): by default "$user" comes first, and the application role may create a schema of the owner's name.
    await client.query("SET search_path TO public");
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
    // Only when missing: CREATE ... IF NOT EXISTS still needs CREATE on the schema, which the application role
    // (lib/db/app-role.ts) lacks, and a command run as that role only needs to read the history.
    const history = await client.query<{ present: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
    if (!history.rows[0]?.present) await client.query(CREATE_HISTORY_TABLE);
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
    }>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"');
    const recorded = new Map(rows.filter((r) => r.rolled_back_at === null).map((r) => [r.migration_name, r]));

    const applied: string[] = [];
    for (const migration of migrations) {
      const previous = recorded.get(migration.name);
      if (previous?.finished_at === null) {
        throw new MigrationError(
          `Migration ${migration.name} failed earlier and was never finished; repair the database before starting again.`,
        );
      }
      if (previous) {
        if (previous.checksum !== migration.checksum) {
          throw new MigrationError(`Migration ${migration.name} was changed after it was applied; never edit an applied migration.`);
        }
        continue;
      }
      if (applied.length === 0) await repairStepsColumn(client);
      await applyOne(client, migration);
      applied.push(migration.name);
    }
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]).catch(() => undefined);
    await client.end();
  }
}

// Commit 743a01e made the history table with "recordedsteps_count" for Prisma's "applied_steps_count"; a table made
// then gets Prisma's name back before anything more is recorded in it (only then: the application role may not alter it).
async function repairStepsColumn(client: pg.Client): Promise<void> {
  await client.query(`DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'public."_prisma_migrations"'::regclass AND attname = 'recordedsteps_count' AND NOT attisdropped) THEN
      ALTER TABLE public."_prisma_migrations" RENAME COLUMN "recordedsteps_count" TO "applied_steps_count";
    END IF;
  END $$`);
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query("BEGIN");
  try {
    // One simple query for the whole file: splitting on `;` breaks function bodies and string literals.
    await client.query(migration.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), now(), 1)`,
      [id, migration.checksum, migration.name],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`);
  }
}
