import type { Sql } from "@/lib/db/sql";
import type { Prisma } from "@/lib/db/generated/client";

// Writes of one validation run besides its verdicts (those go through lib/services/integrity/verdict-store.ts, in
// batches that advance the run's counters in the same statement). The statements a command line run makes are plain
// SQL: through the Prisma client, each new query shape costs its query compiler (loaded on first use) tens of
// milliseconds, about half a second of a re-run that otherwise takes little more than a second.

// Times travel as ISO text; a timestamp column (UTC, without zone, as Prisma stores it) ignores the trailing Z.
const utc = (date: Date) => date.toISOString();

/** What a stored run needs to know of its trail, in one query. */
export interface TrailToValidate {
  id: string;
  arn: string;
  name: string;
  accountId: string;
  homeRegion: string;
  isOrganizationTrail: boolean;
  isMultiRegion: boolean;
  s3BucketName: string | null;
  s3KeyPrefix: string | null;
  /** The account whose role reads the files: the bucket's owner when TrailProof has its role, else the trail's. */
  reader: { id: string; roleName: string; externalId: string | null } | null;
  /** The latest scan's logging_enabled status, if any scan judged it. */
  loggingStatus: string | null;
  /** Log file validation on, as the latest scan found the trail: without it CloudTrail writes no digests. */
  logFileValidation: boolean;
}

export async function trailToValidate(database: Sql, arn: string): Promise<TrailToValidate | null> {
  const rows = await database.$queryRawUnsafe<
    {
      id: string; arn: string; name: string; account_id: string; home_region: string; is_organization_trail: boolean; is_multi_region: boolean;
      s3_bucket_name: string | null; s3_key_prefix: string | null; reader_id: string | null; role_name: string | null;
      external_id: string | null; logging_status: string | null; log_file_validation: boolean;
    }[]
  >(
    `SELECT t.id::text, t.arn, t.name, t.account_id, t.home_region, t.is_organization_trail, t.is_multi_region, t.s3_bucket_name, t.s3_key_prefix, t.log_file_validation,
            COALESCE(b.id, o.id) AS reader_id, COALESCE(b.role_name, o.role_name) AS role_name,
            CASE WHEN b.id IS NOT NULL THEN b.external_id ELSE o.external_id END AS external_id,
            (SELECT c.status::text FROM check_results c JOIN scan_runs s ON s.id = c.scan_id
              WHERE c.trail_id = t.id AND c.check_id = 'logging_enabled' ORDER BY s.created_at DESC LIMIT 1) AS logging_status
       FROM trails t
       LEFT JOIN accounts b ON b.id = COALESCE(t.bucket_account_id, t.account_id)
       LEFT JOIN accounts o ON o.id = t.account_id
      WHERE t.arn = $1`,
    arn,
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    arn: row.arn,
    name: row.name,
    accountId: row.account_id,
    homeRegion: row.home_region,
    isOrganizationTrail: row.is_organization_trail,
    isMultiRegion: row.is_multi_region,
    s3BucketName: row.s3_bucket_name,
    s3KeyPrefix: row.s3_key_prefix,
    reader: row.reader_id ? { id: row.reader_id, roleName: row.role_name!, externalId: row.external_id } : null,
    loggingStatus: row.logging_status,
    logFileValidation: row.log_file_validation,
  };
}

export type VerdictRow = Omit<Prisma.FileVerdictCreateManyInput, "runId">;

export interface RunStart {
  trailId: string;
  accountId: string;
  regions: string[];
  windowStart: Date;
  windowEnd: Date;
  trigger: string;
  full: boolean;
}

export async function createValidationRun(database: Sql, start: RunStart): Promise<string> {
  const now = utc(new Date());
  const [run] = await database.$queryRawUnsafe<{ id: string }[]>(
    `INSERT INTO validation_runs (id, trail_id, account_id, regions, window_start, window_end, trigger, status, phase, "full", started_at, created_at)
     VALUES (gen_random_uuid(), $1::uuid, $2, ARRAY(SELECT json_array_elements_text($3::json)), $4::timestamp(3), $5::timestamp(3), $6,
             'running', 'listing digests', $7, $8::timestamp(3), $8::timestamp(3))
     RETURNING id::text`,
    start.trailId,
    start.accountId,
    JSON.stringify(start.regions),
    utc(start.windowStart),
    utc(start.windowEnd),
    start.trigger,
    start.full,
    now,
  );
  return run!.id;
}

/**
 * Marks a queued run (or one a killed worker left running) as running over these regions. A resumed run keeps the
 * verdicts it stored; its findings are recomputed by the walk, so the old ones go.
 */
export async function startValidationRun(database: Sql, runId: string, regions: string[]): Promise<void> {
  // One statement, so one transaction: the old findings go with the run's restart or not at all.
  await database.$executeRawUnsafe(
    `WITH gone AS (DELETE FROM findings WHERE run_id = $1::uuid)
     UPDATE validation_runs SET status = 'running', phase = 'listing digests', regions = ARRAY(SELECT json_array_elements_text($2::json)),
            error = NULL, started_at = $3::timestamp(3), finished_at = NULL
      WHERE id = $1::uuid`,
    runId,
    JSON.stringify(regions),
    utc(new Date()),
  );
}

export type FindingRow = Omit<Prisma.FindingCreateManyInput, "runId" | "evidence" | "fromTime" | "toTime" | "createdAt" | "id"> & {
  evidence?: Prisma.InputJsonValue;
  fromTime?: Date | null;
  toTime?: Date | null;
};

export async function recordFindings(database: Sql, runId: string, findings: FindingRow[]): Promise<void> {
  // In batches, so no single statement grows with what a bucket's writer planted.
  for (let i = 0; i < findings.length; i += FINDINGS_PER_STATEMENT) await insertFindings(database, runId, findings.slice(i, i + FINDINGS_PER_STATEMENT));
}

const FINDINGS_PER_STATEMENT = 1_000;

async function insertFindings(database: Sql, runId: string, findings: FindingRow[]): Promise<void> {
  const records = findings.map((f) => ({
    account_id: f.accountId,
    region: f.region,
    kind: f.kind,
    s3_uri: f.s3Uri ?? null,
    message: f.message,
    evidence: f.evidence ?? {},
    from_time: f.fromTime ? utc(f.fromTime) : null,
    to_time: f.toTime ? utc(f.toTime) : null,
  }));
  await database.$executeRawUnsafe(
    `INSERT INTO findings (run_id, account_id, region, kind, s3_uri, message, evidence, from_time, to_time, created_at)
     SELECT $1::uuid, r.account_id, r.region, r.kind, r.s3_uri, r.message, r.evidence, r.from_time, r.to_time, $3::timestamp(3)
       FROM json_to_recordset($2::json) AS r(account_id varchar(12), region text, kind text, s3_uri text, message text, evidence jsonb,
                                             from_time timestamp(3), to_time timestamp(3))`,
    runId,
    JSON.stringify(records),
    utc(new Date()),
  );
}

/** Whether the run already stored a finding of this kind (a resumed run records its plan's findings once). */
export async function hasFindings(database: Sql, runId: string, kind: string): Promise<boolean> {
  const rows = await database.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM findings WHERE run_id = $1::uuid AND kind = $2 LIMIT 1`, runId, kind);
  return rows.length > 0;
}

/** Whether the run stored any verdict (a resumed run that examined files before it was interrupted). */
export async function hasVerdicts(database: Sql, runId: string): Promise<boolean> {
  const rows = await database.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM file_verdicts WHERE run_id = $1::uuid LIMIT 1`, runId);
  return rows.length > 0;
}

export async function finishValidationRun(database: Sql, runId: string, status: "succeeded" | "partial" | "failed", error: string | null): Promise<void> {
  await database.$executeRawUnsafe(
    `UPDATE validation_runs SET status = $2::"RunStatus", error = $3, phase = NULL, finished_at = $4::timestamp(3) WHERE id = $1::uuid`,
    runId,
    status,
    error,
    utc(new Date()),
  );
}

/** A run `trailproof validate --resume` may carry on, with its trail's ARN; null when there is no such run. */
export async function runToResume(database: Sql, runId: string) {
  const [run] = await database.$queryRawUnsafe<
    { id: string; trigger: string; status: string; full: boolean; regions: string[]; windowStart: Date; windowEnd: Date; trailArn: string }[]
  >(
    `SELECT r.id::text, r.trigger, r.status::text, r."full", r.regions, r.window_start AS "windowStart", r.window_end AS "windowEnd", t.arn AS "trailArn"
       FROM validation_runs r JOIN trails t ON t.id = r.trail_id WHERE r.id = $1::uuid`,
    runId,
  );
  return run ?? null;
}

/** A finished run's counters and its findings counted per kind, for the command line's summary. */
export async function runSummary(database: Sql, runId: string) {
  const [run] = await database.$queryRawUnsafe<
    { id: string; status: string; digests_done: number; logs_done: number; invalid_count: number; missing_count: number; unreadable_count: number; findings: { kind: string; count: number }[] }[]
  >(
    `SELECT r.id::text, r.status::text, r.digests_done, r.logs_done, r.invalid_count, r.missing_count, r.unreadable_count,
            COALESCE((SELECT json_agg(json_build_object('kind', f.kind, 'count', f.count) ORDER BY f.kind)
                        FROM (SELECT kind, count(*)::int AS count FROM findings WHERE run_id = r.id GROUP BY kind) f), '[]'::json) AS findings
       FROM validation_runs r WHERE r.id = $1::uuid`,
    runId,
  );
  return run ?? null;
}
