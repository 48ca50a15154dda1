import type { Sql } from "@/lib/db/sql";
import { TAMPER_FINDING_KINDS } from "@/lib/db/integrity-days-repository";

// "What changed this week" (docs/trends.md), in PostgreSQL. Checks: for every account scanned since `sinceDay`, its
// last scan (the newest account_score_days row) against its last scan before `sinceDay` (the baseline); an account
// with no scan before has no baseline, so every failure of its first scans is new. Tampering: integrity alerts first
// seen since then (an alert is one problem however many runs see it, so "first seen" is when it became known).

/** At most this many entries of each kind (the most severe), so the panel stays a summary; the totals count them all. */
export const WEEK_CHANGES_LIMIT = 10;

export interface CheckChangeRow {
  kind: "new-failure" | "fix";
  accountId: string;
  accountName: string;
  trailName: string | null;
  checkId: string;
  severity: string;
  /** The worst status in the baseline scan; null: the check had no result then (or the account no baseline). */
  before: string | null;
  after: string;
  scannedAt: Date;
  total: number;
}

/** Alert kinds that mean a file or link was tampered with: an INVALID file, and the tampering findings. */
export const TAMPERING_ALERT_KINDS = ["file-invalid", ...TAMPER_FINDING_KINDS];

export interface TamperingRow {
  alertId: string;
  alertKind: string;
  severity: string;
  title: string;
  accountId: string | null;
  accountName: string | null;
  firstSeen: Date;
  total: number;
}

export async function queryCheckChanges(database: Sql, sinceDay: string): Promise<CheckChangeRow[]> {
  return database.$queryRawUnsafe<CheckChangeRow[]>(
    `
    WITH current AS (
      SELECT DISTINCT ON (account_id) account_id, scan_id, scanned_at FROM account_score_days
      WHERE day >= $1::date ORDER BY account_id, day DESC
    ),
    -- One primary-key probe per account, not a read of every earlier day.
    baseline AS (
      SELECT c.account_id, b.scan_id FROM current c
      CROSS JOIN LATERAL (
        SELECT s.scan_id FROM account_score_days s WHERE s.account_id = c.account_id AND s.day < $1::date ORDER BY s.day DESC LIMIT 1
      ) b
    ),
    -- Per account, trail and check, the worst status (check_status is declared worst first), as the heatmap shows it.
    after AS (
      SELECT cr.account_id, cr.trail_id, cr.check_id, MIN(cr.status)::text AS status, MIN(cr.severity)::text AS severity
      FROM check_results cr JOIN current c ON c.scan_id = cr.scan_id AND c.account_id = cr.account_id GROUP BY 1, 2, 3
    ),
    before AS (
      SELECT cr.account_id, cr.trail_id, cr.check_id, MIN(cr.status)::text AS status
      FROM check_results cr JOIN baseline b ON b.scan_id = cr.scan_id AND b.account_id = cr.account_id GROUP BY 1, 2, 3
    ),
    changes AS (
      SELECT CASE WHEN a.status = 'fail' THEN 'new-failure' ELSE 'fix' END AS kind, a.account_id, a.trail_id, a.check_id,
             a.severity, b.status AS before, a.status AS after
      FROM after a
      LEFT JOIN before b ON b.account_id = a.account_id AND b.trail_id IS NOT DISTINCT FROM a.trail_id AND b.check_id = a.check_id
      WHERE (a.status = 'fail' AND b.status IS DISTINCT FROM 'fail') OR (a.status = 'pass' AND b.status = 'fail')
    ),
    ranked AS (
      SELECT ch.*, count(*) OVER (PARTITION BY ch.kind) AS total,
             row_number() OVER (PARTITION BY ch.kind ORDER BY ch.severity, ch.account_id, ch.check_id, ch.trail_id) AS n
      FROM changes ch
    )
    SELECT r.kind, r.account_id AS "accountId", acc.name AS "accountName", t.name AS "trailName", r.check_id AS "checkId",
           r.severity, r.before, r.after, c.scanned_at AS "scannedAt", r.total::int AS total
    FROM ranked r
    JOIN accounts acc ON acc.id = r.account_id
    JOIN current c ON c.account_id = r.account_id
    LEFT JOIN trails t ON t.id = r.trail_id
    WHERE r.n <= $2
    ORDER BY r.kind, r.n`,
    sinceDay,
    WEEK_CHANGES_LIMIT,
  );
}

export async function queryNewTampering(database: Sql, sinceDay: string): Promise<TamperingRow[]> {
  return database.$queryRawUnsafe<TamperingRow[]>(
    `
    SELECT al.id::text AS "alertId", al.kind AS "alertKind", al.severity::text AS severity, al.title, al.account_id AS "accountId",
           acc.name AS "accountName", al.first_seen AS "firstSeen", (count(*) OVER ())::int AS total
    FROM alerts al LEFT JOIN accounts acc ON acc.id = al.account_id
    WHERE al.run_kind = 'validation' AND al.kind = ANY(ARRAY(SELECT json_array_elements_text($2::json))) AND al.first_seen >= $1::date
    ORDER BY al.severity, al.first_seen DESC
    LIMIT $3`,
    sinceDay,
    JSON.stringify(TAMPERING_ALERT_KINDS),
    WEEK_CHANGES_LIMIT,
  );
}
