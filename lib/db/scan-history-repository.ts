import type { Database } from "@/lib/db/client";

// Scan history: the runs, and what changed between two of them (every check whose status differs, per account and
// trail), computed by a FULL JOIN in PostgreSQL so a check that appeared or vanished shows too.

export function listScanRuns(database: Database, take = 50) {
  return database.scanRun.findMany({ orderBy: { createdAt: "desc" }, take });
}

export interface CheckChange {
  accountId: string;
  accountName: string;
  trailName: string | null;
  checkId: string;
  before: string | null;
  after: string | null;
}

export function diffScans(database: Database, beforeId: string, afterId: string): Promise<CheckChange[]> {
  return database.$queryRaw<CheckChange[]>`
    WITH b AS (SELECT account_id, trail_id, check_id, MIN(status)::text AS status FROM check_results WHERE scan_id = ${beforeId}::uuid GROUP BY 1, 2, 3),
         a AS (SELECT account_id, trail_id, check_id, MIN(status)::text AS status FROM check_results WHERE scan_id = ${afterId}::uuid GROUP BY 1, 2, 3)
    SELECT COALESCE(a.account_id, b.account_id) AS "accountId", acc.name AS "accountName", t.name AS "trailName",
           COALESCE(a.check_id, b.check_id) AS "checkId", b.status AS before, a.status AS after
    FROM a FULL JOIN b ON a.account_id = b.account_id AND a.trail_id IS NOT DISTINCT FROM b.trail_id AND a.check_id = b.check_id
    JOIN accounts acc ON acc.id = COALESCE(a.account_id, b.account_id)
    LEFT JOIN trails t ON t.id = COALESCE(a.trail_id, b.trail_id)
    WHERE a.status IS DISTINCT FROM b.status
    ORDER BY acc.name, t.name, 4`;
}
