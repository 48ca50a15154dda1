import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { readMigrations } from "@/lib/db/migrate";

test("reads migrations in name order with Prisma's checksum, skipping folders without migration.sql", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-"));
  for (const [name, sql] of [["20260102000000_second", "SELECT 2;"], ["20260101000000_first", "SELECT 1;"]] as const) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  fs.mkdirSync(path.join(dir, "20260103000000_empty"));
  fs.writeFileSync(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');

  const migrations = readMigrations(dir);

  expect(migrations.map((m) => m.name)).toEqual(["20260101000000_first", "20260102000000_second"]);
  expect(migrations[0]?.checksum).toBe(createHash("sha256").update("SELECT 1;").digest("hex"));
});

test("the project's migrations folder is readable and non-empty", () => {
  expect(readMigrations().length).toBeGreaterThan(0);
});
