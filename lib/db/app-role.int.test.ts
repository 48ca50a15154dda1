import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { appendOnlyWeakness, grantApplicationRole, roleOf } from "@/lib/db/app-role";
import { applyMigrations } from "@/lib/db/migrate";
import { provideDatabase } from "@/lib/db/provide";
import { ownerDatabaseUrl, resetDatabase, testDatabaseUrl } from "@/lib/testing/database";

// The attack: code running inside the application (a bug, an injected query, a stolen connection string) tries to
// rewrite or erase the app's own records. Everything here goes through the application's own connection, the one
// the web server and worker use; PostgreSQL itself must refuse.

const app = new pg.Client({ connectionString: testDatabaseUrl() });
const EXPORT_ID = "00000000-0000-4000-8000-0000000000e1";

beforeAll(async () => {
  await resetDatabase();
  await app.connect();
});
afterAll(() => app.end());

/** The SQLSTATE PostgreSQL answers `sql` with through the application's connection; null when it succeeds. */
async function refusal(sql: string): Promise<string | null> {
  try {
    await app.query(sql);
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? "unknown";
  }
}

test("the application's role is not a superuser and not the owner of the migrations' tables", async () => {
  const { rows } = await app.query<{ role: string; superuser: boolean; owner: string }>(
    `SELECT current_user AS role, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
            (SELECT tableowner FROM pg_tables WHERE tablename = 'audit_events') AS owner`,
  );
  expect(rows[0]!.superuser).toBe(false);
  expect(rows[0]!.owner).not.toBe(rows[0]!.role);
});

test("the application appends to and reads audit_events, and cannot change, erase or unprotect it", async () => {
  await app.query(`INSERT INTO audit_events (actor, actor_name, action, outcome) VALUES ('u-1', 'Una', 'scan.request', 'succeeded')`);
  expect((await app.query("SELECT actor FROM audit_events")).rows).toEqual([{ actor: "u-1" }]);

  // 42501 insufficient_privilege: no privilege, or "must be owner of table".
  expect(await refusal("UPDATE audit_events SET outcome = 'failed'")).toBe("42501");
  expect(await refusal("DELETE FROM audit_events")).toBe("42501");
  expect(await refusal("TRUNCATE audit_events")).toBe("42501");
  expect(await refusal("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")).toBe("42501");
  expect(await refusal("ALTER TABLE audit_events DISABLE TRIGGER ALL")).toBe("42501");
  expect(await refusal("DROP TRIGGER audit_events_append_only ON audit_events")).toBe("42501");
  expect(await refusal("ALTER TABLE audit_events ADD COLUMN erased boolean")).toBe("42501");
  expect(await refusal("ALTER TABLE audit_events OWNER TO CURRENT_USER")).toBe("42501");
  expect(await refusal("DROP TABLE audit_events")).toBe("42501");
  expect(await refusal("CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$")).toBe("42501");
  expect(await refusal("ALTER TABLE audit_events RENAME TO audit_events_old")).toBe("42501");
  expect(await refusal("CREATE TABLE evil (id int)")).toBe("42501"); // no table of its own in public to shadow with

  expect((await app.query("SELECT actor, outcome FROM audit_events")).rows).toEqual([{ actor: "u-1", outcome: "succeeded" }]);
});

test("stored evidence exports can be added and read by the application, never changed or removed", async () => {
  await app.query(
    `INSERT INTO evidence_exports (id, requested_by, scope_kind, window_start, window_end, product_version, manifest_sha256, pdf_sha256, bundle_sha256, pdf_bytes, bundle_bytes, pdf_size, bundle_size, pages)
     VALUES ($1, 'u-1', 'organization', now() - interval '1 day', now(), 'test', $2, $2, $2, '\\x01', '\\x02', 1, 1, 1)`,
    [EXPORT_ID, "a".repeat(64)],
  );
  expect(await refusal(`UPDATE evidence_exports SET pdf_bytes = '\\x00' WHERE id = '${EXPORT_ID}'`)).toBe("42501");
  expect(await refusal(`DELETE FROM evidence_exports WHERE id = '${EXPORT_ID}'`)).toBe("42501");
  expect(await refusal("TRUNCATE evidence_exports")).toBe("42501");
  expect(await refusal("ALTER TABLE evidence_exports DROP COLUMN pdf_bytes")).toBe("42501");
  expect((await app.query("SELECT encode(pdf_bytes, 'hex') AS pdf FROM evidence_exports")).rows).toEqual([{ pdf: "01" }]);
});

test("the migration history is the owner's: the application reads it and cannot forge or erase an entry", async () => {
  expect((await app.query('SELECT COUNT(*)::int AS n FROM "_prisma_migrations"')).rows[0].n).toBeGreaterThan(0);
  expect(await refusal(`DELETE FROM "_prisma_migrations"`)).toBe("42501");
  expect(await refusal(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ('x', 'x', 'x')`)).toBe("42501");
});

test("the owner meets the append-only triggers, and can still empty the tables (the refusals above are the role's)", async () => {
  const owner = new pg.Client({ connectionString: ownerDatabaseUrl() });
  await owner.connect();
  try {
    // The triggers: even the owner cannot change or remove a row without first dropping them.
    await expect(owner.query("UPDATE audit_events SET outcome = 'failed'")).rejects.toThrow("audit_events is append-only: UPDATE is not allowed");
    await expect(owner.query("DELETE FROM evidence_exports")).rejects.toThrow("evidence_exports is append-only: DELETE is not allowed");
    await expect(owner.query("UPDATE evidence_exports SET pages = 2")).rejects.toThrow("evidence_exports is append-only: UPDATE is not allowed");
    await owner.query("TRUNCATE audit_events");
    expect((await owner.query("SELECT COUNT(*)::int AS n FROM audit_events")).rows[0].n).toBe(0);
  } finally {
    await owner.end();
  }
});

test("one URL for both roles (the owner's) still works, with a warning that append-only rests on the trigger", async () => {
  expect(await appendOnlyWeakness(testDatabaseUrl())).toBeNull();
  expect(await appendOnlyWeakness(ownerDatabaseUrl())).toBe("the application's database role postgres is a superuser");
  const single = await provideDatabase({ url: ownerDatabaseUrl() });
  expect(single.url).toBe(ownerDatabaseUrl());
  expect(single.warnings).toEqual([
    "the application's database role postgres is a superuser: the audit trail and stored evidence exports are append-only through their triggers only, which that role could drop or bypass with TRUNCATE. Give TrailProof two roles (DATABASE_MIGRATION_URL, see docs/configuration.md).",
  ]);
  // The two-URL form: no warning.
  const split = await provideDatabase({ url: testDatabaseUrl(), migrationUrl: ownerDatabaseUrl() });
  expect(split.warnings).toEqual([]);
});

test("starts granting at the same moment do not trip over each other", async () => {
  await Promise.all(Array.from({ length: 4 }, () => grantApplicationRole(ownerDatabaseUrl(), "trailproof_app")));
  expect(await refusal("TRUNCATE audit_events")).toBe("42501");
});

test("tables the application makes in a schema named after the owner (first on the owner's search_path) do not take the grants' or migrations' place", async () => {
  // CREATE on the database (for pg-boss's schema) lets the application make any schema, including "$user" of the owner.
  const shadow = app.escapeIdentifier(roleOf(ownerDatabaseUrl()));
  const privilege = async (table: string, kind: string) =>
    (await app.query<{ ok: boolean }>("SELECT has_table_privilege(current_user, $1, $2) AS ok", [table, kind])).rows[0]!.ok;
  await app.query(`CREATE SCHEMA ${shadow}`);
  try {
    await app.query(`CREATE TABLE ${shadow}."_prisma_migrations" (id int); CREATE TABLE ${shadow}.audit_events (id int); CREATE TABLE ${shadow}.evidence_exports (id int)`);
    await grantApplicationRole(ownerDatabaseUrl(), roleOf(testDatabaseUrl()));
    expect(await privilege('public."_prisma_migrations"', "INSERT")).toBe(false);
    expect(await privilege('public."_prisma_migrations"', "DELETE")).toBe(false);
    expect(await privilege("public.audit_events", "UPDATE")).toBe(false);
    expect(await privilege("public.evidence_exports", "DELETE")).toBe(false);
    // A migration's unqualified names are public's too (as Prisma's migrate deploy, whose search_path is the URL's schema).
    // The probe reads a column only public.audit_events has: it fails if the application's table is the one found.
    const probe = { name: "99999999999999_shadow_probe", sql: "SELECT actor FROM audit_events LIMIT 0", checksum: "0".repeat(64) };
    expect(await applyMigrations(ownerDatabaseUrl(), [probe])).toEqual([probe.name]);
  } finally {
    await app.query(`DROP SCHEMA ${shadow} CASCADE`);
    const owner = new pg.Client({ connectionString: ownerDatabaseUrl() });
    await owner.connect();
    await owner.query(`DELETE FROM "_prisma_migrations" WHERE migration_name = '99999999999999_shadow_probe'`).finally(() => owner.end());
  }
});
