import type { Database } from "@/lib/db/client";
import type { BadVerdict, RunFinding } from "@/lib/core/alerts/validation-problems";
import type { ChainNewestDigest } from "@/lib/core/alerts/digest-watch";
import type { ScannedAccount, ScannedResult } from "@/lib/core/alerts/scan-problems";
import type { CheckStatus, Severity } from "@/lib/core/checks/types";

// What the raising rules read of a finished run: its flagged verdicts and findings, the chains it walked, the newest
// digest of each chain; a scan's accounts and check results with the previous scan's status for each.

type Raw = Pick<Database, "$queryRawUnsafe">;

export interface RunToJudge {
  id: string;
  trailArn: string;
  status: string;
  windowStart: Date;
  windowEnd: Date;
  finishedAt: Date | null;
}

export async function runToJudge(database: Database, runId: string): Promise<RunToJudge | null> {
  const run = await database.validationRun.findUnique({ where: { id: runId }, select: { id: true, status: true, windowStart: true, windowEnd: true, finishedAt: true, trail: { select: { arn: true } } } });
  return run ? { id: run.id, trailArn: run.trail.arn, status: run.status, windowStart: run.windowStart, windowEnd: run.windowEnd, finishedAt: run.finishedAt } : null;
}

export function badVerdicts(database: Database, runId: string): Promise<BadVerdict[]> {
  return database.fileVerdict.findMany({
    where: { runId, status: { in: ["invalid", "missing", "unreadable"] } },
    select: { id: true, accountId: true, region: true, kind: true, status: true, reason: true, s3Bucket: true, s3Key: true, fileTime: true },
  }) as Promise<BadVerdict[]>;
}

export function runFindings(database: Database, runId: string): Promise<RunFinding[]> {
  return database.finding.findMany({ where: { runId }, select: { id: true, accountId: true, region: true, kind: true, s3Uri: true, message: true, fromTime: true } });
}

/** Chains ("account|region") with verdicts in the run. */
export async function chainsWithVerdicts(database: Raw, runId: string): Promise<string[]> {
  const rows = await database.$queryRawUnsafe<{ account_id: string; region: string }[]>(
    `SELECT DISTINCT account_id, region FROM file_verdicts WHERE run_id = $1::uuid`,
    runId,
  );
  return rows.map((row) => `${row.account_id}|${row.region}`);
}

/** Of these s3:// URIs, those the run has a verdict for. */
export async function examinedUris(database: Raw, runId: string, uris: string[]): Promise<string[]> {
  if (uris.length === 0) return [];
  const rows = await database.$queryRawUnsafe<{ uri: string }[]>(
    `SELECT DISTINCT 's3://' || s3_bucket || '/' || s3_key AS uri FROM file_verdicts
      WHERE run_id = $1::uuid AND ('s3://' || s3_bucket || '/' || s3_key) = ANY(ARRAY(SELECT json_array_elements_text($2::json)))`,
    runId,
    JSON.stringify(uris),
  );
  return rows.map((row) => row.uri);
}

/**
 * Each chain's newest valid digest: this run's when it saw one (a digest deleted since an earlier run must not count),
 * else the newest any run of the trail saw, so an alert can say since when.
 */
export async function newestDigests(database: Raw, runId: string, chains: { accountId: string; region: string }[]): Promise<ChainNewestDigest[]> {
  if (chains.length === 0) return [];
  const rows = await database.$queryRawUnsafe<{ account_id: string; region: string; uri: string; file_time: Date }[]>(
    `SELECT DISTINCT ON (v.account_id, v.region) v.account_id, v.region, 's3://' || v.s3_bucket || '/' || v.s3_key AS uri, v.file_time
       FROM file_verdicts v JOIN validation_runs r ON r.id = v.run_id
      WHERE r.trail_id = (SELECT trail_id FROM validation_runs WHERE id = $1::uuid)
        AND v.kind = 'digest' AND v.status = 'valid'
        AND (v.account_id, v.region) IN (SELECT c->>0, c->>1 FROM json_array_elements($2::json) c)
      ORDER BY v.account_id, v.region, (v.run_id = $1::uuid) DESC, v.file_time DESC`,
    runId,
    JSON.stringify(chains.map((c) => [c.accountId, c.region])),
  );
  const found = new Map(rows.map((row) => [`${row.account_id}|${row.region}`, row]));
  return chains.map((chain) => {
    const row = found.get(`${chain.accountId}|${chain.region}`);
    return { ...chain, newestUri: row?.uri ?? null, newestEnd: row?.file_time ?? null };
  });
}

export async function scannedAccounts(database: Raw, scanId: string): Promise<ScannedAccount[]> {
  const rows = await database.$queryRawUnsafe<{ account_id: string; status: ScannedAccount["status"]; assume_role_error: string | null; trail_count: number }[]>(
    `SELECT a.account_id, a.status::text AS status,
            (SELECT i.code || ': ' || i.message FROM scan_issues i WHERE i.scan_id = a.scan_id AND i.account_id = a.account_id AND i.call = 'sts:AssumeRole' LIMIT 1) AS assume_role_error,
            (SELECT count(DISTINCT c.trail_id)::int FROM check_results c WHERE c.scan_id = a.scan_id AND c.account_id = a.account_id) AS trail_count
       FROM scan_accounts a WHERE a.scan_id = $1::uuid`,
    scanId,
  );
  return rows.map((row) => ({ accountId: row.account_id, status: row.status, assumeRoleError: row.assume_role_error, trailCount: row.trail_count }));
}

/** The scan's own (not inherited) check results, each with the previous scan's status for the same check and resource. */
export async function scannedResults(database: Raw, scanId: string): Promise<Omit<ScannedResult, "checkTitle">[]> {
  const rows = await database.$queryRawUnsafe<{ id: bigint; account_id: string; trail_arn: string | null; check_id: string; region: string | null; status: CheckStatus; severity: Severity; reason: string; previous_status: CheckStatus | null }[]>(
    `SELECT c.id, c.account_id, t.arn AS trail_arn, c.check_id, c.region, c.status::text AS status, c.severity::text AS severity, c.reason,
            (SELECT p.status::text FROM check_results p JOIN scan_runs ps ON ps.id = p.scan_id
              WHERE p.account_id = c.account_id AND p.check_id = c.check_id AND p.trail_id IS NOT DISTINCT FROM c.trail_id
                AND p.region IS NOT DISTINCT FROM c.region AND p.scan_id <> c.scan_id AND ps.created_at < s.created_at
              ORDER BY ps.created_at DESC LIMIT 1) AS previous_status
       FROM check_results c JOIN scan_runs s ON s.id = c.scan_id LEFT JOIN trails t ON t.id = c.trail_id
      WHERE c.scan_id = $1::uuid AND NOT c.inherited`,
    scanId,
  );
  return rows.map((row) => ({
    id: row.id,
    accountId: row.account_id,
    trailArn: row.trail_arn,
    checkId: row.check_id,
    region: row.region,
    status: row.status,
    severity: row.severity,
    reason: row.reason,
    inherited: false,
    previousStatus: row.previous_status,
  }));
}
