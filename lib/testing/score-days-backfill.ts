import fs from "node:fs";
import path from "node:path";
import { MIGRATIONS_DIR } from "@/lib/db/migrate";

/**
 * The backfill statement of the migration that created account_score_days (the part after the table's creation), for
 * a test that compares it with the rollup written at every scan, and for the trends benchmark.
 */
export function scoreDaysBackfillSql(): string {
  const dir = fs.readdirSync(MIGRATIONS_DIR).find((name) => name.endsWith("_trend_score_days"));
  if (!dir) throw new Error("the trend_score_days migration is missing");
  const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, dir, "migration.sql"), "utf8");
  const start = sql.indexOf('INSERT INTO "account_score_days"');
  if (start < 0) throw new Error(`${dir}/migration.sql has no backfill`);
  return sql.slice(start);
}
