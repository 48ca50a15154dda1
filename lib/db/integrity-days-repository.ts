import type { Database } from "@/lib/db/client";

// The integrity heatmap's rollup (see IntegrityDay in schema.prisma), written in one SQL statement when a run ends:
// the run's verdicts and findings counted per account, region and UTC day. A later run covering the same day
// replaces the counts: the heatmap shows what the latest validation found.

/** Strict findings that mean a file or link was tampered with, rather than merely absent. */
const TAMPER_KINDS = ["chain-broken", "digest-skipped", "log-unreferenced", "log-trailing-data"];

export async function rollUpValidationRun(database: Database, runId: string): Promise<number> {
  return database.$executeRaw`
    WITH run AS (SELECT id, trail_id FROM validation_runs WHERE id = ${runId}::uuid),
    verdicts AS (
      SELECT account_id, region, (file_time AT TIME ZONE 'UTC')::date AS day,
             count(*) FILTER (WHERE status = 'valid') AS valid,
             count(*) FILTER (WHERE status = 'invalid') AS invalid,
             count(*) FILTER (WHERE status = 'missing') AS missing
      FROM file_verdicts WHERE run_id = ${runId}::uuid
      GROUP BY 1, 2, 3
    ),
    finding_days AS (
      -- A gap spans days: it counts on each. Other findings fall on their time, or on the date in their S3 key.
      SELECT f.account_id, f.region, d::date AS day, f.kind
      FROM findings f
      CROSS JOIN LATERAL generate_series(
        date_trunc('day', COALESCE(f.from_time, to_timestamp(substring(f.s3_uri from '_(\\d{8})T\\d{4}Z_'), 'YYYYMMDD') AT TIME ZONE 'UTC')),
        date_trunc('day', COALESCE(f.to_time, f.from_time, to_timestamp(substring(f.s3_uri from '_(\\d{8})T\\d{4}Z_'), 'YYYYMMDD') AT TIME ZONE 'UTC')),
        interval '1 day') AS d
      WHERE f.run_id = ${runId}::uuid AND f.kind <> 'aborted'
    ),
    findings_per_day AS (
      SELECT account_id, region, day,
             count(*) FILTER (WHERE kind = ANY(${TAMPER_KINDS})) AS tamper,
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
      digest_missing_count = EXCLUDED.digest_missing_count, gap_count = EXCLUDED.gap_count, updated_at = now()`;
}
