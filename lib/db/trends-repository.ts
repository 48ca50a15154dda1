import type { Sql } from "@/lib/db/sql";

// The trends (docs/trends.md), aggregated in PostgreSQL over the daily rollups: account_score_days (scores and open
// failing checks) and integrity_days (what validations found per day of the logs). Days are UTC calendar days passed
// and returned as "YYYY-MM-DD" text, so no time zone gets between the database and the page.
//
// A day without a scan of an account carries that account's last scan forward: the posture is what the last look
// saw until the next look. The sums on a day are those of every account's last scan as of that day: the running total
// of the changes (a row minus the account's previous row) up to it. For the organization those changes are kept per
// day in organization_score_changes (a trigger on account_score_days), so its year is 365 rows whatever the number of
// accounts; one account's changes are computed from its own rows (365 a year). Integrity is not carried: a day no
// validation covered has no row and is reported as not validated.

export interface DayRange {
  /** First and last UTC day, inclusive, "YYYY-MM-DD". */
  from: string;
  to: string;
}

export interface ScoreDayRow {
  day: string;
  earnedWeight: number;
  possibleWeight: number;
  failCritical: number;
  failHigh: number;
  failMedium: number;
  failLow: number;
  failInformational: number;
  /** Accounts whose last scan as of this day is known (carried or fresh). */
  accountsKnown: number;
  /** Accounts scanned on this very day. */
  accountsScanned: number;
}

/** The summed columns, in the order of ScoreDayRow's sums. */
const SUMS = [
  ["earned_weight", "earnedWeight"],
  ["possible_weight", "possibleWeight"],
  ["fail_critical", "failCritical"],
  ["fail_high", "failHigh"],
  ["fail_medium", "failMedium"],
  ["fail_low", "failLow"],
  ["fail_informational", "failInformational"],
] as const;

/**
 * One row per day of the range: the organization's (or, with `accountId`, one account's) sums as of that day. The
 * day's score is scoring.ts's formula over them (scoreFromWeights).
 */
export async function queryScoreDays(database: Sql, range: DayRange, accountId?: string): Promise<ScoreDayRow[]> {
  // Changes before the range count on its first day: they are the state the range starts from.
  const changes = accountId
    ? `SELECT GREATEST(day, $1::date) AS day, ${SUMS.map(([column]) => `SUM(${column} - COALESCE(prev_${column}, 0)) AS ${column}`).join(", ")},
              count(*) FILTER (WHERE prev_day IS NULL) AS accounts, count(*) FILTER (WHERE day >= $1::date) AS scanned
       FROM (SELECT *, LAG(day) OVER w AS prev_day, ${SUMS.map(([column]) => `LAG(${column}) OVER w AS prev_${column}`).join(", ")}
             FROM account_score_days WHERE account_id = $3::varchar AND day <= $2::date WINDOW w AS (ORDER BY day)) rows
       GROUP BY 1`
    : `SELECT GREATEST(day, $1::date) AS day, ${SUMS.map(([column]) => `SUM(${column}) AS ${column}`).join(", ")},
              SUM(accounts) AS accounts, SUM(scanned) FILTER (WHERE day >= $1::date) AS scanned
       FROM organization_score_changes WHERE day <= $2::date
       GROUP BY 1`;
  const running = SUMS.map(([column, field]) => `COALESCE(SUM(c.${column}) OVER days, 0)::int AS "${field}"`).join(",\n           ");
  return database.$queryRawUnsafe<ScoreDayRow[]>(
    `
    WITH per_day AS (${changes})
    SELECT to_char(d, 'YYYY-MM-DD') AS day,
           ${running},
           COALESCE(SUM(c.accounts) OVER days, 0)::int AS "accountsKnown",
           COALESCE(c.scanned, 0)::int AS "accountsScanned"
    FROM generate_series($1::date, $2::date, interval '1 day') AS d
    LEFT JOIN per_day c ON c.day = d::date
    WINDOW days AS (ORDER BY d ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
    ORDER BY d`,
    ...(accountId ? [range.from, range.to, accountId] : [range.from, range.to]),
  );
}

export interface IntegrityDayRow {
  day: string;
  /** False: no validation covered any file of the day (the counts are then 0 and mean nothing). */
  validated: boolean;
  valid: number;
  invalid: number;
  /** Missing or unreadable files and missing digests. */
  missing: number;
  gaps: number;
  tampering: number;
}

/** One row per day of the range: what the latest validations found for that day's files (integrity_days). */
export async function queryIntegrityDays(database: Sql, range: DayRange, accountId?: string): Promise<IntegrityDayRow[]> {
  return database.$queryRawUnsafe<IntegrityDayRow[]>(
    `
    WITH per_day AS (
      SELECT day, SUM(valid_count) AS valid, SUM(invalid_count) AS invalid, SUM(missing_count + digest_missing_count) AS missing,
             SUM(gap_count) AS gaps, SUM(tamper_count) AS tampering
      FROM integrity_days
      WHERE day BETWEEN $1::date AND $2::date AND ($3::varchar IS NULL OR account_id = $3::varchar)
      GROUP BY day
    )
    SELECT to_char(d, 'YYYY-MM-DD') AS day, (p.day IS NOT NULL) AS validated,
           COALESCE(p.valid, 0)::int AS valid, COALESCE(p.invalid, 0)::int AS invalid, COALESCE(p.missing, 0)::int AS missing,
           COALESCE(p.gaps, 0)::int AS gaps, COALESCE(p.tampering, 0)::int AS tampering
    FROM generate_series($1::date, $2::date, interval '1 day') AS d
    LEFT JOIN per_day p ON p.day = d::date
    ORDER BY d`,
    range.from,
    range.to,
    accountId ?? null,
  );
}
