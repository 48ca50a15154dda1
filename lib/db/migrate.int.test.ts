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

test("exception_file_state and _etag: an existing file exception takes the state (status, SHA-256, ETag) of the flagged verdict it was proposed from", async () => {
  const url = await scratch();
  const all = readMigrations();
  const at = all.findIndex((m) => m.name.endsWith("_exception_file_state"));
  expect(all[at + 1]?.name).toMatch(/_exception_file_etag$/);
  await applyMigrations(url, all.slice(0, at));
  const key = "AWSLogs/111111111111/CloudTrail/us-east-1/2026/03/10/x.json.gz";
  // The export id as docs/export.md defines it: the SHA-256 of ["s3://bucket/key"], its first 40 hex digits.
  const id = `trailproof/file/${createHash("sha256").update(`["s3://logs/${key}"]`).digest("hex").slice(0, 40)}`;
  await query(url, `
    INSERT INTO accounts (id, name, updated_at) VALUES ('111111111111', 'a', now());
    INSERT INTO trails (id, arn, name, account_id, home_region) VALUES ('00000000-0000-4000-8000-000000000001', 'arn:aws:cloudtrail:us-east-1:111111111111:trail/t', 't', '111111111111', 'us-east-1');
    INSERT INTO validation_runs (id, trail_id, account_id, regions, window_start, window_end, trigger, status)
      VALUES ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', '111111111111', '{us-east-1}', '2026-03-10', '2026-03-11', 'test', 'succeeded');
    -- INVALID (content a…) when the exception was proposed on 1 April; a verdict at the key after it (1 May, content
    -- c…) is not the state it accepted.
    INSERT INTO file_verdicts (run_id, account_id, region, kind, status, s3_bucket, s3_key, file_time, actual_hash, etag, checked_at) VALUES
      ('00000000-0000-4000-8000-000000000002', '111111111111', 'us-east-1', 'log', 'invalid', 'logs', '${key}', '2026-03-10T05:00:00', '${"a".repeat(64)}', '"a1"', '2026-03-15'),
      ('00000000-0000-4000-8000-000000000002', '111111111111', 'us-east-1', 'log', 'valid', 'logs', 'other.json.gz', '2026-03-10T05:00:00', '${"b".repeat(64)}', '"b1"', '2026-03-15');
    INSERT INTO file_verdicts (run_id, account_id, region, kind, status, s3_bucket, s3_key, file_time, actual_hash, checked_at)
      SELECT '00000000-0000-4000-8000-000000000002', '111111111111', 'us-east-1', 'digest', 'invalid', 'logs', '${key}', '2026-03-10T05:00:00', '${"c".repeat(64)}', '2026-05-01';
    INSERT INTO exceptions (id, scope, finding_id, justification, owner, created_at, expires_at, proposed_by, proposed_by_name) VALUES
      (gen_random_uuid(), 'finding', '${id}', 'accepted', 'o', '2026-04-01', '2026-09-01', 'p', 'p'),
      (gen_random_uuid(), 'finding', 'trailproof/file/${"0".repeat(40)}', 'names nothing stored', 'o', '2026-04-01', '2026-09-01', 'p', 'p'),
      (gen_random_uuid(), 'account', NULL, 'a check', 'o', '2026-04-01', '2026-09-01', 'p', 'p');`);
  await applyMigrations(url, all);
  const rows = await query<{ justification: string; file_status: string | null; file_actual_hash: string | null; file_etag: string | null }>(url, "SELECT justification, file_status::text, file_actual_hash, file_etag FROM exceptions ORDER BY justification");
  expect(rows).toEqual([
    { justification: "a check", file_status: null, file_actual_hash: null, file_etag: null },
    { justification: "accepted", file_status: "invalid", file_actual_hash: "a".repeat(64), file_etag: '"a1"' },
    { justification: "names nothing stored", file_status: null, file_actual_hash: null, file_etag: null },
  ]);
});
