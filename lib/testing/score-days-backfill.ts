import fs from "node:fs";
import path from "node:path";
import { MIGRATIONS_DIR } from "@/lib/db/migrate";

function migrationSql(suffix: string): string {
  const dir = fs.readdirSync(MIGRATIONS_DIR).find((name) => name.endsWith(suffix));
  if (!dir) throw new Error(`the ${suffix} migration is missing`);
  return fs.readFileSync(path.join(MIGRATIONS_DIR, dir, "migration.sql"), "utf8");
}

/**
 * The backfill statement of the migration that created account_score_days (the part after the table's creation), for
 * a test that compares it with the rollup written at every scan, and for the trends benchmark.
 */
export function scoreDaysBackfillSql(): string {
  const sql = migrationSql("_trend_score_days");
  const start = sql.indexOf('INSERT INTO "account_score_days"');
  if (start < 0) throw new Error("trend_score_days/migration.sql has no backfill");
  return sql.slice(start);
}

/** The backfill of organization_score_changes from account_score_days (migration trend_organization_changes). */
export function organizationChangesBackfillSql(): string {
  const sql = migrationSql("_trend_organization_changes");
  const start = sql.indexOf("-- Backfill from the rows");
  const end = sql.indexOf("CREATE TRIGGER");
  if (start < 0 || end < start) throw new Error("trend_organization_changes/migration.sql has no backfill before its trigger");
  return sql.slice(start, end);
}
