import type { Database } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { FileStatus } from "@/lib/db/generated/enums";
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

/** The strict findings a day counts as problems: tampering, a missing digest, a gap. Other kinds leave a day's colour alone. */
export const COUNTED_FINDING_KINDS = [...TAMPER_FINDING_KINDS, "digest-missing", "gap"];

// The UTC days a strict finding `f` of run `run` counts on. A gap spans days: it counts on each. Other findings fall
// on their time, else on the date in their S3 key (a log's or a digest's), else (a missing newest digest has neither)
// on the run's last day. The rollup and the heatmap's exceptions (dayProblems) place findings by these same words.
const FINDING_KEY_DAY = `to_date(substring(f.s3_uri from '_(\\d{8})T\\d{4,6}Z'), 'YYYYMMDD')::timestamp`;
const FINDING_FIRST_DAY = `date_trunc('day', COALESCE(f.from_time, ${FINDING_KEY_DAY}, run.window_end))`;
const FINDING_LAST_DAY = `date_trunc('day', COALESCE(f.to_time, f.from_time, ${FINDING_KEY_DAY}, run.window_end))`;

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
      SELECT f.account_id, f.region, d::date AS day, f.kind
      FROM findings f
      CROSS JOIN run
      CROSS JOIN LATERAL generate_series(${FINDING_FIRST_DAY}, ${FINDING_LAST_DAY}, interval '1 day') AS d
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

/** One problem a heatmap day counts: a flagged file by its latest verdict, or a counted strict finding of the day's run. */
export type DayProblem = { accountId: string; day: string } & (
  | { type: "file"; s3Uri: string; status: FileStatus; actualHash: string | null; etag: string | null; lastModified: Date | null }
  | { type: "integrity"; kind: string; trailArn: string; region: string; s3Uri: string | null; fromTime: Date | null; toTime: Date | null; message: string }
);

/**
 * Every problem behind the given (account, UTC day) cells, one row per problem the rollup counted: each file of the
 * day by its latest verdict per trail when that is not valid, and the counted strict findings of the run that rolled
 * the day up (integrity_days.run_id) placed on it as the rollup places them. With a region, that region's only.
 */
export async function dayProblems(database: Database, cells: { accountId: string; day: string }[], region?: string): Promise<DayProblem[]> {
  if (cells.length === 0) return [];
  const accounts = cells.map((c) => c.accountId);
  const days = cells.map((c) => c.day);
  const fileRegion = region ? Prisma.sql`AND fv.region = ${region}` : Prisma.empty;
  const dayRegion = region ? Prisma.sql`AND d.region = ${region}` : Prisma.empty;
  const [files, findings] = await Promise.all([
    database.$queryRaw<{ account_id: string; day: string; s3_uri: string; status: FileStatus; actual_hash: string | null; etag: string | null; last_modified: Date | null }[]>`
      WITH cells AS (SELECT * FROM unnest(${accounts}::text[], ${days}::date[]) AS c(account_id, day)),
      latest AS (
        SELECT DISTINCT ON (r.trail_id, fv.s3_bucket, fv.kind, fv.s3_key) c.account_id, c.day, fv.s3_bucket, fv.s3_key, fv.status, fv.actual_hash, fv.etag, fv.last_modified
        FROM cells c
        JOIN file_verdicts fv ON fv.account_id = c.account_id AND fv.file_time >= c.day AND fv.file_time < c.day + 1 ${fileRegion}
        JOIN validation_runs r ON r.id = fv.run_id
        ORDER BY r.trail_id, fv.s3_bucket, fv.kind, fv.s3_key, fv.checked_at DESC
      )
      SELECT account_id, to_char(day, 'YYYY-MM-DD') AS day, 's3://' || s3_bucket || '/' || s3_key AS s3_uri, status, actual_hash, etag, last_modified
      FROM latest WHERE status <> 'valid'`,
    database.$queryRaw<{ account_id: string; day: string; kind: string; arn: string; region: string; s3_uri: string | null; from_time: Date | null; to_time: Date | null; message: string }[]>`
      WITH cells AS (SELECT * FROM unnest(${accounts}::text[], ${days}::date[]) AS c(account_id, day))
      SELECT d.account_id, to_char(d.day, 'YYYY-MM-DD') AS day, f.kind, t.arn, f.region, f.s3_uri, f.from_time, f.to_time, f.message
      FROM cells c
      JOIN integrity_days d ON d.account_id = c.account_id AND d.day = c.day ${dayRegion}
      JOIN findings f ON f.run_id = d.run_id AND f.account_id = d.account_id AND f.region = d.region
      JOIN validation_runs run ON run.id = f.run_id
      JOIN trails t ON t.id = run.trail_id
      WHERE f.kind = ANY(${COUNTED_FINDING_KINDS}::text[])
        AND d.day BETWEEN (${Prisma.raw(FINDING_FIRST_DAY)})::date AND (${Prisma.raw(FINDING_LAST_DAY)})::date`,
  ]);
  return [
    ...files.map((f): DayProblem => ({ type: "file", accountId: f.account_id, day: f.day, s3Uri: f.s3_uri, status: f.status, actualHash: f.actual_hash, etag: f.etag, lastModified: f.last_modified })),
    ...findings.map((f): DayProblem => ({ type: "integrity", accountId: f.account_id, day: f.day, kind: f.kind, trailArn: f.arn, region: f.region, s3Uri: f.s3_uri, fromTime: f.from_time, toTime: f.to_time, message: f.message })),
  ];
}
