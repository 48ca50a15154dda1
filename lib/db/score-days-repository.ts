import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { SEVERITY_WEIGHTS } from "@/lib/core/checks/scoring";

// The trends' rollup (account_score_days, docs/trends.md): per account and UTC day, the sums of that day's last scan of
// the account. Written from the stored check results in SQL, inside the transaction that stores them, so a row never
// disagrees with the results it sums. The weights come from scoring.ts (one source); the migration that backfilled
// older scans wrote the same CASE by hand.

/**
 * The statements that (re)write the account's row for the day of `scanId`: a later scan of the same day replaces it,
 * an earlier one stored late (a resumed run) does not. Delete and insert rather than INSERT … ON CONFLICT: the
 * organization's changes are kept by a BEFORE row trigger (migration trend_organization_changes), which would also
 * fire for a proposed row that then conflicts. The lock (the trigger's) keeps two scans of one account in turn.
 */
export function rollUpAccountScan(database: Database, scanId: string, accountId: string): Prisma.PrismaPromise<number>[] {
  return [
    database.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`account_score_days:${accountId}`}))`,
    database.$executeRaw`
      DELETE FROM account_score_days s USING scan_runs r
      WHERE r.id = ${scanId}::uuid AND s.account_id = ${accountId} AND s.day = r.created_at::date AND s.scanned_at <= r.created_at`,
    database.$executeRaw`
      INSERT INTO account_score_days (account_id, day, scan_id, scanned_at, earned_weight, possible_weight,
        pass_count, fail_count, error_count, not_applicable_count, fail_critical, fail_high, fail_medium, fail_low, fail_informational)
      SELECT ${accountId}, r.created_at::date, r.id, r.created_at,
             COALESCE(SUM(cr.weight) FILTER (WHERE cr.status = 'pass'), 0),
             COALESCE(SUM(cr.weight) FILTER (WHERE cr.status IN ('pass', 'fail')), 0),
             count(*) FILTER (WHERE cr.status = 'pass'), count(*) FILTER (WHERE cr.status = 'fail'),
             count(*) FILTER (WHERE cr.status = 'error'), count(*) FILTER (WHERE cr.status = 'not_applicable'),
             count(*) FILTER (WHERE cr.status = 'fail' AND cr.severity = 'critical'),
             count(*) FILTER (WHERE cr.status = 'fail' AND cr.severity = 'high'),
             count(*) FILTER (WHERE cr.status = 'fail' AND cr.severity = 'medium'),
             count(*) FILTER (WHERE cr.status = 'fail' AND cr.severity = 'low'),
             count(*) FILTER (WHERE cr.status = 'fail' AND cr.severity = 'informational')
      FROM scan_runs r
      LEFT JOIN (
        SELECT status, severity, (${JSON.stringify(SEVERITY_WEIGHTS)}::jsonb ->> severity::text)::int AS weight
        FROM check_results WHERE scan_id = ${scanId}::uuid AND account_id = ${accountId}
      ) cr ON TRUE
      WHERE r.id = ${scanId}::uuid
        AND NOT EXISTS (SELECT 1 FROM account_score_days s WHERE s.account_id = ${accountId} AND s.day = r.created_at::date)
      GROUP BY r.id, r.created_at`,
  ];
}
