import type { Database } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";

// The reads an export of findings needs beyond those of the evidence report (evidence-repository.ts and
// window-integrity-repository.ts, which it reuses): the trails' configuration for the resources a finding names, and
// when each problem was first observed, so a re-export keeps a finding's creation time while its update time moves.

const trailDetailSelect = {
  id: true,
  arn: true,
  name: true,
  accountId: true,
  homeRegion: true,
  isOrganizationTrail: true,
  isMultiRegion: true,
  s3BucketName: true,
  s3KeyPrefix: true,
  kmsKeyId: true,
  logGroupArn: true,
  logFileValidation: true,
} satisfies Prisma.TrailSelect;
export type TrailDetail = Prisma.TrailGetPayload<{ select: typeof trailDetailSelect }>;

export function trailDetails(database: Database, ids: string[]): Promise<TrailDetail[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return database.trail.findMany({ where: { id: { in: ids } }, select: trailDetailSelect, orderBy: [{ accountId: "asc" }, { name: "asc" }] });
}

/**
 * The first scan in which each check failed for each account and trail (a trail-less result keyed by its account):
 * `${accountId} ${trailId ?? ""} ${checkId}` → time. The earliest failure ever stored, fixed or not in between: a
 * finding fixed and broken again keeps its id (finding-id.ts), so it keeps its first sighting too.
 */
export async function firstCheckFailures(database: Database, accountIds: string[]): Promise<Map<string, Date>> {
  if (accountIds.length === 0) return new Map();
  const rows = await database.$queryRaw<{ accountId: string; trailId: string | null; checkId: string; first: Date }[]>`
    SELECT cr.account_id AS "accountId", cr.trail_id::text AS "trailId", cr.check_id AS "checkId", min(s.created_at) AS first
      FROM check_results cr JOIN scan_runs s ON s.id = cr.scan_id
     WHERE cr.account_id = ANY(${accountIds}::text[]) AND cr.status = 'fail'
     GROUP BY 1, 2, 3`;
  return new Map(rows.map((r) => [checkFailureKey(r.accountId, r.trailId, r.checkId), r.first]));
}

export function checkFailureKey(accountId: string, trailId: string | null, checkId: string): string {
  return `${accountId} ${trailId ?? ""} ${checkId}`;
}

const PAGE = 5_000;

/** The first verdict other than valid on each S3 object (bucket, key): `${bucket}/${key}` → when it was checked. */
export async function firstFlaggedVerdicts(database: Database, objects: { bucket: string; key: string }[]): Promise<Map<string, Date>> {
  const found = new Map<string, Date>();
  for (let i = 0; i < objects.length; i += PAGE) {
    const page = objects.slice(i, i + PAGE);
    const rows = await database.$queryRaw<{ bucket: string; key: string; first: Date }[]>`
      SELECT fv.s3_bucket AS bucket, fv.s3_key AS key, min(fv.checked_at) AS first
        FROM file_verdicts fv
        JOIN unnest(${page.map((o) => o.bucket)}::text[], ${page.map((o) => o.key)}::text[]) AS o(bucket, key) ON fv.s3_bucket = o.bucket AND fv.s3_key = o.key
       WHERE fv.status <> 'valid'
       GROUP BY 1, 2`;
    for (const row of rows) found.set(`${row.bucket}/${row.key}`, row.first);
  }
  return found;
}

export interface FindingSighting {
  accountId: string;
  region: string;
  kind: string;
  s3Uri: string | null;
  fromTime: Date | null;
  toTime: Date | null;
  /** When a finished run of the trail first stored this finding. */
  first: Date;
}

/** Every strict finding of the trail's finished runs, grouped by what it says, with its first sighting. */
export function findingSightings(database: Database, trailId: string): Promise<FindingSighting[]> {
  return database.$queryRaw<FindingSighting[]>`
    SELECT f.account_id AS "accountId", f.region, f.kind, f.s3_uri AS "s3Uri", f.from_time AS "fromTime", f.to_time AS "toTime",
           min(f.created_at) AS first
      FROM findings f JOIN validation_runs r ON r.id = f.run_id
     WHERE r.trail_id = ${trailId}::uuid AND r.status IN ('succeeded', 'partial', 'failed')
     GROUP BY 1, 2, 3, 4, 5, 6`;
}
