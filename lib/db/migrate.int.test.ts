import { createHash } from "node:crypto";
import pg from "pg";
import { afterEach, expect, test } from "vitest";
import { applyMigrations, MigrationError, readMigrations, type MigrationFile } from "@/lib/db/migrate";
import { createScratchDatabase } from "@/lib/testing/database";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function scratch(): Promise<string> {
  const database = await createScratchDatabase("migrate");
  cleanups.push(database.drop);
  return database.url;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function migration(name: string, sql: string): MigrationFile {
  return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
}

test("applies every migration once and records it as Prisma does", async () => {
  const url = await scratch();
  const expected = readMigrations().map((m) => m.name);

  expect(await applyMigrations(url)).toEqual(expected);
  expect(await applyMigrations(url)).toEqual([]);

  const history = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
    url,
    'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
  );
  expect(history.map((h) => h.migration_name)).toEqual(expected);
  expect(history.every((h) => h.finished_at !== null && /^[0-9a-f]{64}$/.test(h.checksum))).toBe(true);
  // Prisma's own columns, so `prisma migrate deploy` and `migrate status` can read and extend this history.
  const columns = await query<{ column_name: string }>(
    url,
    "SELECT column_name FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position",
  );
  expect(columns.map((c) => c.column_name)).toEqual(["id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count"]);
  const steps = await query<{ applied_steps_count: number }>(url, 'SELECT DISTINCT applied_steps_count FROM "_prisma_migrations"');
  expect(steps).toEqual([{ applied_steps_count: 1 }]);
  const tables = await query<{ tablename: string }>(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
  expect(tables.map((t) => t.tablename)).toEqual(expect.arrayContaining(["accounts", "scan_runs", "file_verdicts"]));
});

test("a migration edited after it was applied is refused, naming it", async () => {
  const url = await scratch();
  await applyMigrations(url, [migration("001_a", "CREATE TABLE a (id int);")]);
  await expect(applyMigrations(url, [migration("001_a", "CREATE TABLE a (id bigint);")])).rejects.toThrow(
    new MigrationError("Migration 001_a was changed after it was applied; never edit an applied migration."),
  );
});

test("a failing migration is rolled back whole and leaves no history row", async () => {
  const url = await scratch();
  const broken = migration("001_broken", "CREATE TABLE half (id int); SELECT * FROM missing_table;");
  await expect(applyMigrations(url, [broken])).rejects.toThrow(/Migration 001_broken failed: .*missing_table/);
  const leftovers = await query(url, "SELECT 1 FROM pg_tables WHERE tablename = 'half'");
  expect(leftovers).toHaveLength(0);
  expect(await query(url, 'SELECT 1 FROM "_prisma_migrations"')).toHaveLength(0);
});

test("statements containing semicolons inside bodies run intact", async () => {
  const url = await scratch();
  const fn = migration(
    "001_fn",
    "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql; CREATE TABLE t (v text DEFAULT 'a;b');",
  );
  await applyMigrations(url, [fn]);
  expect(await query<{ f: number }>(url, "SELECT f()")).toEqual([{ f: 1 }]);
});

test("a history table made with the misnamed steps column (commit 743a01e) gets Prisma's name back when the next migration is recorded", async () => {
  const url = await scratch();
  await query(
    url,
    `CREATE TABLE "_prisma_migrations" (id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL, finished_at TIMESTAMPTZ,
       migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at TIMESTAMPTZ, started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
       recordedsteps_count INTEGER NOT NULL DEFAULT 0)`,
  );
  expect(await applyMigrations(url, [])).toEqual([]);
  expect(await applyMigrations(url, [migration("001_a", "CREATE TABLE a (id int);")])).toEqual(["001_a"]);
  expect(await query(url, 'SELECT migration_name, applied_steps_count FROM "_prisma_migrations"')).toEqual([{ migration_name: "001_a", applied_steps_count: 1 }]);
});
