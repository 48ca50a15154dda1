import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { expect, test } from "vitest";
import { grantApplicationRole } from "@/lib/db/app-role";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { applyMigrations } from "@/lib/db/migrate";
import { startBoss, VALIDATE_QUEUE } from "@/lib/jobs/queues";
import { freePort } from "@/lib/util/ports";

// An installation from before the roles were separated: its cluster's superuser has the old fixed password, there is
// no application role and no password file, and pg-boss created its schema as the superuser. The next start must
// replace the password, create the role, and hand pg-boss's schema over so the worker (now the app role) still runs.

async function asOwner<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

test("a cluster with the former fixed password and an owner-made pg-boss schema is upgraded in place", async () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), "tp-upgrade-"));
  fs.chmodSync(parent, 0o755);
  const dataDir = path.join(parent, "pgdata");
  const port = await freePort();
  try {
    // Make the old state: today's start, then undo what it added.
    const before = await startEmbeddedPostgres({ dataDir, database: "legacy", preferredPort: port });
    await applyMigrations(before.url);
    const ownerBoss = await startBoss(before.url, { role: "worker" });
    await ownerBoss.stop({ graceful: false, wait: true });
    await asOwner(before.url, async (client) => {
      await client.query("DROP ROLE trailproof_app");
      await client.query("ALTER ROLE postgres PASSWORD 'trailproof-local'");
    });
    await before.stop();
    fs.rmSync(`${dataDir}.credentials.json`);

    const after = await startEmbeddedPostgres({ dataDir, database: "legacy", preferredPort: port });
    try {
      expect((fs.statSync(`${dataDir}.credentials.json`).mode & 0o777).toString(8)).toBe("600");
      const legacy = new pg.Client({ connectionString: `postgresql://postgres:trailproof-local@127.0.0.1:${after.port}/legacy` });
      await expect(legacy.connect()).rejects.toThrow(/password authentication failed/);

      expect(await asOwner(after.url, async (c) => (await c.query("SELECT pg_get_userbyid(nspowner) AS o FROM pg_namespace WHERE nspname = 'pgboss'")).rows)).toEqual([{ o: "postgres" }]);
      await applyMigrations(after.url);
      await grantApplicationRole(after.url, "trailproof_app");
      const owners = await asOwner(after.url, async (c) =>
        (await c.query<{ owner: string }>(`SELECT DISTINCT pg_get_userbyid(c.relowner) AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'pgboss'`)).rows,
      );
      expect(owners).toEqual([{ owner: "trailproof_app" }]);

      // The worker, as the application role: starts (pg-boss checks its schema, creates its queues' partitions), queues and takes a job.
      const boss = await startBoss(after.appUrl, { role: "worker" });
      try {
        const id = await boss.send(VALIDATE_QUEUE, { runId: "r-1" });
        const [job] = await boss.fetch(VALIDATE_QUEUE);
        expect(job?.id).toBe(id);
      } finally {
        await boss.stop({ graceful: false, wait: true });
      }
    } finally {
      await after.stop();
    }
  } finally {
    fs.rmSync(parent, { recursive: true, force: true });
  }
});
