import type { Sql } from "@/lib/db/sql";

// The integrity heatmap's rollup (see IntegrityDay in schema.prisma), written in one SQL statement when a run ends.
// For every account, region and UTC day the run touched, the counts come from the latest verdict on each file of
// that day by any run of the trail (a run that covers only the afternoon does not erase the morning), and the
// findings from this run. Times are stored as UTC timestamps without zone: plain ::date casts keep the session's
// time zone out of it.

/**
 * Strict findings that mean a file or link was tampered with, rather than merely absent: a whole chain that should be
 * there and is not (its folders deleted) and folders nothing accounts for (decoys) count too.
 */
export const TAMPER_FINDING_KINDS = ["chain-broken", "digest-skipped", "log-unreferenced", "log-trailing-data", "chain-missing", "unexpected-prefix", "listing-capped"];

export async function rollUpValidationRun(database: Sql, runId: string): Promise<number> {
  return database.$executeRawUnsafe(
    `
    WITH run AS (SELECT id, trail_id, window_end FROM validation_runs WHERE id = $1::uuid),
    touched AS (
      SELECT DISTINCT account_id, region, file_time::date AS day FROM file_verdicts WHERE run_id = $1::uuid
    ),
    latest AS (
      SELECT DISTINCT ON (fv.s3_bucket, fv.kind, fv.s3_key) fv.account_id, fv.region, fv.file_time::date AS day, fv.status
      FROM file_verdicts fv
      JOIN touched t ON t.account_id = fv.account_id AND t.region = fv.region AND fv.file_time >= t.day AND fv.file_time < t.day + 1
      JOIN validation_runs r ON r.id = fv.run_id AND r.trail_id = (SELECT trail_id FROM run)
      ORDER BY fv.s3_bucket, fv.kind, fv.s3_key, fv.checked_at DESC
    ),
    verdicts AS (
      SELECT account_id, region, day,
             count(*) FILTER (WHERE status = 'valid') AS valid,
             count(*) FILTER (WHERE status = 'invalid') AS invalid,
             -- Unreadable files are counted as missing on the heatmap: nothing vouches for either.
             count(*) FILTER (WHERE status IN ('missing', 'unreadable')) AS missing
      FROM latest GROUP BY 1, 2, 3
    ),
    finding_days AS (
      -- A gap spans days: it counts on each. Other findings fall on their time, else on the date in their S3 key (a
      -- log's or a digest's), else (a missing newest digest has neither) on the run's last day.
      SELECT f.account_id, f.region, d::date AS day, f.kind
      FROM findings f
      CROSS JOIN run
      CROSS JOIN LATERAL (SELECT to_date(substring(f.s3_uri from '_(\\d{8})T\\d{4,6}Z'), 'YYYYMMDD')::timestamp AS key_day) k
      CROSS JOIN LATERAL generate_series(
        date_trunc('day', COALESCE(f.from_time, k.key_day, run.window_end)),
        date_trunc('day', COALESCE(f.to_time, f.from_time, k.key_day, run.window_end)),
        interval '1 day') AS d
      WHERE f.run_id = $1::uuid AND f.kind <> 'aborted'
    ),
    findings_per_day AS (
      SELECT account_id, region, day,
             count(*) FILTER (WHERE kind = ANY(ARRAY(SELECT json_array_elements_text($2::json)))) AS tamper,
             count(*) FILTER (WHERE kind = 'digest-missing') AS digest_missing,
             count(*) FILTER (WHERE kind = 'gap') AS gap
      FROM finding_days GROUP BY 1, 2, 3
    )
    INSERT INTO integrity_days (account_id, region, day, trail_id, run_id, valid_count, invalid_count, missing_count, tamper_count, digest_missing_count, gap_count, updated_at)
    SELECT COALESCE(v.account_id, f.account_id), COALESCE(v.region, f.region), COALESCE(v.day, f.day), run.trail_id, run.id,
           COALESCE(v.valid, 0), COALESCE(v.invalid, 0), COALESCE(v.missing, 0), COALESCE(f.tamper, 0), COALESCE(f.digest_missing, 0), COALESCE(f.gap, 0), now()
    FROM verdicts v
    FULL JOIN findings_per_day f ON f.account_id = v.account_id AND f.region = v.region AND f.day = v.day
    CROSS JOIN run
    ON CONFLICT (account_id, region, day, trail_id) DO UPDATE SET
      run_id = EXCLUDED.run_id, valid_count = EXCLUDED.valid_count, invalid_count = EXCLUDED.invalid_count,
      missing_count = EXCLUDED.missing_count, tamper_count = EXCLUDED.tamper_count,
      digest_missing_count = EXCLUDED.digest_missing_count, gap_count = EXCLUDED.gap_count, updated_at = now()`,
    runId,
    JSON.stringify(TAMPER_FINDING_KINDS),
  );
}
