import pg from "pg";
import { inject } from "vitest";
import { createPrismaClient, type Database } from "@/lib/db/client";

/** The migrated test database of this integration run, as the application role sees it. */
export function testDatabaseUrl(): string {
  return inject("databaseUrl");
}

/** The same database as its owner: for what the application may not do (empty tables, create databases). */
export function ownerDatabaseUrl(): string {
  return inject("ownerDatabaseUrl");
}

/** The owner's URL for another database on the same server (maintenance database "postgres" by default). */
export function serverUrl(database = "postgres"): string {
  const url = new URL(ownerDatabaseUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

/** Empties every application table, so each test file starts from nothing (as the owner: the app cannot TRUNCATE). */
export async function resetDatabase(url = ownerDatabaseUrl()): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'",
    );
    if (rows.length > 0) {
      await client.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`);
    }
  } finally {
    await client.end();
  }
}

/** Creates an empty database on the test server, returns its URL and a function that drops it. */
export async function createScratchDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    url: serverUrl(name),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

export function testPrisma(): Database {
  return createPrismaClient(testDatabaseUrl());
}
