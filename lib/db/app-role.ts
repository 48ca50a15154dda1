import pg from "pg";

// What the application's database role may do, granted by the owner (the role that runs migrations) after every
// migration run, so tables added later are covered too. The app reads and writes its tables but owns none of them:
// only an owner can TRUNCATE, ALTER or DROP a table or DISABLE its triggers. On the two records that must never
// change once written, the audit trail and the stored evidence exports, it gets SELECT and INSERT only.

/** Tables the application may append to and read, never change: its own record of what happened. */
export const APPEND_ONLY_TABLES = ["audit_events", "evidence_exports"] as const;

/** pg-boss's schema: the application creates and owns it (pg-boss adds a partition table per queue at runtime). */
const JOB_QUEUE_SCHEMA = "pgboss";

export function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

// Concurrent starts (npm start and a command) would otherwise grant at once, and PostgreSQL answers one of them
// "tuple concurrently updated".
const GRANT_ADVISORY_LOCK = 72707370;

export async function grantApplicationRole(ownerUrl: string, appRole: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [GRANT_ADVISORY_LOCK]);
    const app = client.escapeIdentifier(appRole);
    const { rows } = await client.query<{ db: string }>("SELECT current_database() AS db");
    const database = client.escapeIdentifier(rows[0]!.db);
    await client.query("BEGIN");
    // CREATE on the database: pg-boss creates its own schema the first time it starts (as the app, so it owns it).
    await client.query(`GRANT CONNECT, CREATE, TEMPORARY ON DATABASE ${database} TO ${app}`);
    await client.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
    await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${app}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`);
    // Names qualified: the owner's search_path starts with "$user", a schema the application (CREATE on the database)
    // could make, whose tables of the same names would otherwise take these revokes in place of public's.
    const appendOnly = APPEND_ONLY_TABLES.map((t) => `public.${client.escapeIdentifier(t)}`).join(", ");
    await client.query(`REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${appendOnly} FROM ${app}`);
    // The migration history is the owner's: the app only reads it (to tell whether migrations are pending).
    await client.query(`REVOKE ALL ON public."_prisma_migrations" FROM ${app}`);
    await client.query(`GRANT SELECT ON public."_prisma_migrations" TO ${app}`);
    await client.query("COMMIT");
    await handOverJobQueueSchema(client, appRole);
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw new Error(`Could not grant the application role ${appRole} its privileges: ${(error as Error).message}`);
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [GRANT_ADVISORY_LOCK]).catch(() => undefined);
    await client.end();
  }
}

/**
 * Before roles were separated pg-boss ran as the owner and created its schema as the owner; the application role
 * must own it now. Moves the schema and everything in it (tables with their sequences, functions, types) over.
 */
async function handOverJobQueueSchema(client: pg.Client, appRole: string): Promise<void> {
  const { rows } = await client.query<{ owner: string }>("SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = $1", [JOB_QUEUE_SCHEMA]);
  if (rows.length === 0 || rows[0]!.owner === appRole) return;
  const app = client.escapeIdentifier(appRole);
  const schema = client.escapeIdentifier(JOB_QUEUE_SCHEMA);
  await client.query("BEGIN");
  await client.query(`ALTER SCHEMA ${schema} OWNER TO ${app}`);
  // Partitions and sequences owned by a column follow their table; views and plain tables are moved one by one.
  const relations = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition`,
    [JOB_QUEUE_SCHEMA],
  );
  for (const r of relations.rows) await client.query(`ALTER TABLE ${schema}.${client.escapeIdentifier(r.name)} OWNER TO ${app}`);
  const partitions = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relispartition`,
    [JOB_QUEUE_SCHEMA],
  );
  for (const r of partitions.rows) await client.query(`ALTER TABLE ${schema}.${client.escapeIdentifier(r.name)} OWNER TO ${app}`);
  const sequences = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))`,
    [JOB_QUEUE_SCHEMA],
  );
  for (const r of sequences.rows) await client.query(`ALTER SEQUENCE ${schema}.${client.escapeIdentifier(r.name)} OWNER TO ${app}`);
  const functions = await client.query<{ signature: string }>(
    `SELECT p.oid::regprocedure::text AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1`,
    [JOB_QUEUE_SCHEMA],
  );
  for (const f of functions.rows) await client.query(`ALTER ROUTINE ${f.signature} OWNER TO ${app}`);
  const types = await client.query<{ name: string }>(
    `SELECT t.typname AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typtype IN ('e', 'd')`,
    [JOB_QUEUE_SCHEMA],
  );
  for (const t of types.rows) await client.query(`ALTER TYPE ${schema}.${client.escapeIdentifier(t.name)} OWNER TO ${app}`);
  await client.query("COMMIT");
}

/**
 * Why append-only may rest on the trigger alone through `appUrl`: its role is a superuser, or owns (is a member of the
 * owner of) the audit table, so it could DISABLE the trigger or TRUNCATE. Null when the role cannot.
 */
export async function appendOnlyWeakness(appUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: appUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ role: string; superuser: boolean; owns: boolean | null }>(
      `SELECT current_user AS role, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
              (SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c WHERE c.oid = to_regclass('public.audit_events')) AS owns`,
    );
    const row = rows[0]!;
    if (row.superuser) return `the application's database role ${row.role} is a superuser`;
    if (row.owns) return `the application's database role ${row.role} owns the audit table`;
    return null;
  } finally {
    await client.end();
  }
}
