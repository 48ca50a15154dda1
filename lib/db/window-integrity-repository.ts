import type { FindingFields } from "@/lib/core/alerts/validation-problems";
import type { Database } from "@/lib/db/client";
import { Prisma, type FileVerdict } from "@/lib/db/generated/client";
import type { FileStatus } from "@/lib/db/generated/enums";
import type { CoveredSpan } from "@/lib/services/evidence/window-coverage";

// A trail's integrity over a window, as the heatmap judges it (lib/db/integrity-days-repository.ts): each file by its
// latest verdict over every finished run of the trail, whichever run gave it, so a short run just before an export
// does not hide what a longer one found. Runs still queued or running are left out until they finish. Times are UTC
// timestamps without zone, compared as ISO text cast to timestamp so the session's time zone stays out of it.

export interface Window {
  from: Date;
  to: Date;
}

const ts = (date: Date) => Prisma.sql`${date.toISOString()}::timestamp(3)`;
const FINISHED = Prisma.sql`r.status IN ('succeeded', 'partial', 'failed')`;
/** Runs whose verdicts cover time: a failed run stored none worth a whole chain, a partial one names its aborted chains. */
const COVERING = Prisma.sql`r.status IN ('succeeded', 'partial')`;

/**
 * A digest is named by the end of the hour it covers and delivered after it: the digests that vouch for a window's log
 * files end up to an hour after the window, the range the AWS CLI lists too (start ≤ key time ≤ end + 1 h). A digest
 * an attacker moved to a key just past the window's end is judged with the window, as validate-logs judges it.
 */
const DIGEST_DELIVERY_SPAN_MS = 3_600_000;

/**
 * The latest verdict on each file of the trail whose time lies in the window (a digest's: up to an hour after it) (of one account when asked). DISTINCT ON
 * the object (bucket, key: a digest's key never equals a log's) follows the (s3_bucket, s3_key, checked_at DESC) index.
 */
function latestVerdicts(columns: Prisma.Sql, trailId: string, window: Window, accountId: string | undefined, after?: { bucket: string; key: string }): Prisma.Sql {
  // Only the columns the caller needs: the sort DISTINCT ON does stays narrow enough to run in memory.
  return Prisma.sql`
    SELECT DISTINCT ON (fv.s3_bucket, fv.s3_key) ${columns}
      FROM file_verdicts fv JOIN validation_runs r ON r.id = fv.run_id
     WHERE r.trail_id = ${trailId}::uuid AND ${FINISHED}
       AND fv.file_time >= ${ts(window.from)}
       AND fv.file_time <= CASE WHEN fv.kind = 'digest' THEN ${ts(new Date(window.to.getTime() + DIGEST_DELIVERY_SPAN_MS))} ELSE ${ts(window.to)} END
       ${accountId ? Prisma.sql`AND fv.account_id = ${accountId}` : Prisma.empty}
       ${after ? Prisma.sql`AND (fv.s3_bucket, fv.s3_key) > (${after.bucket}, ${after.key})` : Prisma.empty}
     ORDER BY fv.s3_bucket, fv.s3_key, fv.checked_at DESC, fv.id DESC`;
}

export type VerdictCount = Pick<FileVerdict, "accountId" | "region" | "kind" | "status"> & { n: number };

export function latestVerdictCounts(database: Database, trailId: string, window: Window, accountId?: string): Promise<VerdictCount[]> {
  return database.$queryRaw<VerdictCount[]>`
    WITH latest AS (${latestVerdicts(Prisma.sql`fv.account_id, fv.region, fv.kind, fv.status`, trailId, window, accountId)})
    SELECT account_id AS "accountId", region, kind::text AS kind, status::text AS status, count(*)::int AS n
      FROM latest GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;
}

/** A file_verdicts row as the raw query returns it: ids as text, and only the statuses it selects. */
export type FlaggedVerdict = Omit<FileVerdict, "id" | "status" | "size" | "versionId" | "checkedAt"> & {
  id: string;
  status: Exclude<FileStatus, "valid">;
};

const PAGE = 5_000;

/**
 * Files whose latest verdict is INVALID, missing or unreadable, by S3 object, read in pages of 5,000 (keyed on the object) so no
 * single result grows with the window; at most `limit`.
 */
export async function latestFlaggedVerdicts(database: Database, trailId: string, window: Window, accountId: string | undefined, limit: number): Promise<FlaggedVerdict[]> {
  const rows: FlaggedVerdict[] = [];
  let after: { bucket: string; key: string } | undefined;
  while (rows.length < limit) {
    const take = Math.min(PAGE, limit - rows.length);
    const page = await database.$queryRaw<FlaggedVerdict[]>`
      WITH latest AS (${latestVerdicts(Prisma.sql`fv.*`, trailId, window, accountId, after)})
      SELECT id::text AS id, run_id::text AS "runId", account_id AS "accountId", region, kind::text AS kind, status::text AS status, reason,
             s3_bucket AS "s3Bucket", s3_key AS "s3Key", file_time AS "fileTime", expected_hash AS "expectedHash",
             actual_hash AS "actualHash", digest_key AS "digestKey", fingerprint, etag, last_modified AS "lastModified"
        FROM latest WHERE status IN ('invalid', 'missing', 'unreadable') ORDER BY s3_bucket, s3_key LIMIT ${take}`;
    rows.push(...page);
    if (page.length < take) break;
    const last = page.at(-1)!;
    after = { bucket: last.s3Bucket, key: last.s3Key };
  }
  return rows;
}

/** The signing-key fingerprint of each digest, from its latest verdict: "who vouched for this log file". */
export async function latestDigestFingerprints(database: Database, bucket: string, digestKeys: string[]): Promise<Map<string, string | null>> {
  const found = new Map<string, string | null>();
  for (let i = 0; i < digestKeys.length; i += PAGE) {
    const rows = await database.$queryRaw<{ key: string; fingerprint: string | null }[]>`
      SELECT DISTINCT ON (s3_key) s3_key AS key, fingerprint FROM file_verdicts
       WHERE s3_bucket = ${bucket} AND kind = 'digest' AND s3_key = ANY(${digestKeys.slice(i, i + PAGE)}::text[])
       ORDER BY s3_key, checked_at DESC, id DESC`;
    for (const row of rows) found.set(row.key, row.fingerprint);
  }
  return found;
}

export interface CurrentFinding extends FindingFields {
  runId: string;
  toTime: Date | null;
}

/**
 * Strict findings of the trail's finished runs that touch the window, less those a later run has superseded: a later
 * succeeded or partial run that examined the same chain (it stored a verdict there and did not abort it) over the
 * finding's time. A finding's time is its own, else the date in its S3 key, else its run's end (as the heatmap's
 * rollup places it).
 */
export function currentFindings(database: Database, trailId: string, window: Window, accountId?: string): Promise<CurrentFinding[]> {
  return database.$queryRaw<CurrentFinding[]>`
    WITH placed AS (
      SELECT f.*, r.created_at AS run_created,
             COALESCE(f.from_time, k.key_day, r.window_end) AS at_from,
             COALESCE(f.to_time, f.from_time, k.key_day, r.window_end) AS at_to
        FROM findings f JOIN validation_runs r ON r.id = f.run_id
        CROSS JOIN LATERAL (SELECT to_date(substring(f.s3_uri from '_(\\d{8})T\\d{4,6}Z'), 'YYYYMMDD')::timestamp AS key_day) k
       WHERE r.trail_id = ${trailId}::uuid AND ${FINISHED}
         ${accountId ? Prisma.sql`AND f.account_id = ${accountId}` : Prisma.empty}
    )
    SELECT p.run_id::text AS "runId", p.account_id AS "accountId", p.region, p.kind, p.s3_uri AS "s3Uri", p.message,
           p.from_time AS "fromTime", p.to_time AS "toTime"
      FROM placed p
     WHERE p.at_from <= ${ts(window.to)} AND p.at_to >= ${ts(window.from)}
       AND NOT EXISTS (
         SELECT 1 FROM validation_runs r
          WHERE r.trail_id = ${trailId}::uuid AND ${COVERING} AND r.created_at > p.run_created
            AND r.window_start <= p.at_from AND r.window_end >= p.at_to
            AND EXISTS (SELECT 1 FROM file_verdicts v WHERE v.run_id = r.id AND v.account_id = p.account_id AND v.region = p.region)
            AND NOT EXISTS (SELECT 1 FROM findings a WHERE a.run_id = r.id AND a.kind = 'aborted' AND a.account_id = p.account_id AND a.region = p.region))
     ORDER BY p.account_id, p.region, p.kind, p.id`;
}

/**
 * Each succeeded or partial run's window over each chain it examined (stored a file verdict for) and did not abort: what
 * the trail's runs covered. A finding alone examines nothing: a chain whose run found only `chain-missing` (its files
 * deleted) or an `unexpected-prefix` folder there is not covered, so no page says its files are valid.
 */
export function coveredSpans(database: Database, trailId: string, window: Window, accountId?: string): Promise<CoveredSpan[]> {
  const account = accountId ? Prisma.sql`AND account_id = ${accountId}` : Prisma.empty;
  return database.$queryRaw<CoveredSpan[]>`
    WITH runs AS (
      SELECT r.id, r.window_start, r.window_end FROM validation_runs r
       WHERE r.trail_id = ${trailId}::uuid AND ${COVERING} AND r.window_start < ${ts(window.to)} AND r.window_end > ${ts(window.from)}
    ),
    chains AS (
      SELECT DISTINCT run_id, account_id, region FROM file_verdicts WHERE run_id IN (SELECT id FROM runs) ${account}
    )
    SELECT c.account_id AS "accountId", c.region, r.window_start AS "from", r.window_end AS "to"
      FROM chains c JOIN runs r ON r.id = c.run_id
     WHERE NOT EXISTS (SELECT 1 FROM findings a WHERE a.run_id = c.run_id AND a.kind = 'aborted' AND a.account_id = c.account_id AND a.region = c.region)`;
}

export { expectedAccounts, type TrailShape } from "@/lib/db/expected-chains-repository";
