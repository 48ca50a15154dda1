import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { CheckStatus, Severity } from "@/lib/core/checks/types";
import { rollUpAccountScan } from "@/lib/db/score-days-repository";

// Writes of one scan: the run, then each account's outcome in its own transaction (results appear as accounts
// finish, and a failure later in the scan never loses what was stored before it), then the run's totals.

export interface TrailRecord {
  arn: string;
  name: string;
  accountId: string;
  homeRegion: string;
  isOrganizationTrail: boolean;
  isMultiRegion: boolean;
  s3BucketName: string | null;
  bucketAccountId: string | null;
  s3KeyPrefix: string | null;
  kmsKeyId: string | null;
  logGroupArn: string | null;
  logFileValidation: boolean;
}

export interface StoredCheckResult {
  trailArn: string;
  checkId: string;
  status: CheckStatus;
  severity: Severity;
  reason: string;
  evidence: Record<string, unknown>;
  inherited: boolean;
}

export interface AccountOutcome {
  accountId: string;
  status: "succeeded" | "partial" | "failed";
  score: number | null;
  error: string | null;
  /** The regions the scan looked at (configured, else enabled): what a multi-region trail of the account should log. */
  regions: string[];
  results: StoredCheckResult[];
  issues: { region: string | null; call: string; code: string; message: string }[];
}

export async function createScanRun(database: Database, trigger: string): Promise<string> {
  const run = await database.scanRun.create({ data: { trigger, status: "running", startedAt: new Date() }, select: { id: true } });
  return run.id;
}

/** A queued scan (or one a dead worker left running) starts over: results it stored are replaced, not added to. */
export async function startScanRun(database: Database, scanId: string): Promise<void> {
  await database.$transaction([
    database.checkResult.deleteMany({ where: { scanId } }),
    database.scanIssue.deleteMany({ where: { scanId } }),
    database.scanAccount.deleteMany({ where: { scanId } }),
    database.scanRun.update({ where: { id: scanId }, data: { status: "running", startedAt: new Date(), finishedAt: null, error: null } }),
  ]);
}

/** Trails by ARN: inserted once, refreshed on every scan; returns ARN → id. */
export async function upsertTrails(database: Database, trails: TrailRecord[]): Promise<Map<string, string>> {
  const now = new Date();
  const rows = await database.$transaction(
    trails.map(({ arn, ...fields }) =>
      database.trail.upsert({ where: { arn }, create: { arn, ...fields }, update: { ...fields, lastSeenAt: now }, select: { id: true, arn: true } }),
    ),
  );
  return new Map(rows.map((row) => [row.arn, row.id]));
}

export async function saveAccountOutcome(database: Database, scanId: string, trailIds: Map<string, string>, outcome: AccountOutcome): Promise<void> {
  const results: Prisma.CheckResultCreateManyInput[] = outcome.results.map((r) => ({
    scanId,
    accountId: outcome.accountId,
    trailId: trailIds.get(r.trailArn) ?? null,
    checkId: r.checkId,
    status: r.status,
    severity: r.severity,
    reason: r.reason,
    evidence: r.evidence as Prisma.InputJsonValue,
    inherited: r.inherited,
  }));
  await database.$transaction([
    database.scanAccount.create({ data: { scanId, accountId: outcome.accountId, status: outcome.status, score: outcome.score, error: outcome.error, regions: outcome.regions } }),
    database.checkResult.createMany({ data: results }),
    database.scanIssue.createMany({ data: outcome.issues.map((issue) => ({ scanId, accountId: outcome.accountId, ...issue })) }),
    // The trends' daily rollup, from the rows just written (a batch transaction runs its statements in order).
    ...rollUpAccountScan(database, scanId, outcome.accountId),
  ]);
}

export async function finishScanRun(
  database: Database,
  scanId: string,
  outcome: { status: "succeeded" | "partial" | "failed"; error?: string | null; accountsTotal: number; trailsTotal: number; passCount: number; failCount: number; errorCount: number },
): Promise<void> {
  await database.scanRun.update({ where: { id: scanId }, data: { ...outcome, finishedAt: new Date() } });
}
