import { checkById } from "@/lib/core/checks/registry";
import { evaluateTrail, scoreAccount, scoreOrganization } from "@/lib/core/checks/scoring";
import type { TrailSnapshot } from "@/lib/core/checks/snapshot";
import type { CheckResult, Severity } from "@/lib/core/checks/types";
import type { Database } from "@/lib/db/client";
import { upsertAccounts } from "@/lib/db/accounts-repository";
import { createScanRun, finishScanRun, startScanRun, saveAccountOutcome, upsertTrails, type AccountOutcome } from "@/lib/db/scans-repository";
import { collectScan, type AccountView, type CollectOptions, type ScanTarget } from "@/lib/services/scan/collect";
import { targetsFromDatabase } from "@/lib/services/scan/targets";

// A scan, from targets to stored results: the same code behind the "Scan now" button, the CLI and jobs.

export interface ScanInput extends CollectOptions {
  targets: ScanTarget[];
  trigger: string;
  /** A scan run already recorded (queued by "Scan now"): carried out instead of a new one. */
  scanId?: string;
}

export interface ReportedResult extends CheckResult {
  severity: Severity;
}

export interface ScanReport {
  scanId: string;
  status: "succeeded" | "partial" | "failed";
  startedAt: string;
  finishedAt: string;
  organizationScore: number | null;
  accounts: {
    id: string;
    name: string;
    status: AccountOutcome["status"];
    score: number | null;
    trails: { arn: string; inherited: boolean }[];
    issues: AccountOutcome["issues"];
  }[];
  trails: {
    arn: string;
    name: string;
    accountId: string;
    homeRegion: string;
    isOrganizationTrail: boolean;
    isMultiRegionTrail: boolean;
    results: ReportedResult[];
  }[];
}

function severityOf(checkId: string): Severity {
  return checkById(checkId)?.severity ?? "medium";
}

function accountOutcome(view: AccountView, resultsByArn: Map<string, CheckResult[]>): AccountOutcome {
  const visible = view.trails.filter((t) => resultsByArn.has(t.arn));
  const results = visible.flatMap((trail) =>
    resultsByArn.get(trail.arn)!.map((r) => ({ ...r, trailArn: trail.arn, severity: severityOf(r.checkId), inherited: trail.ownerAccountId !== view.target.accountId })),
  );
  const status = !view.readable ? "failed" : view.issues.length > 0 ? "partial" : "succeeded";
  const error = view.issues.length > 0 ? view.issues.map((i) => `${i.region ? `${i.region}: ` : ""}${i.call} ${i.code}: ${i.message}`).join("; ") : null;
  return {
    accountId: view.target.accountId,
    status,
    score: scoreAccount(visible.map((t) => resultsByArn.get(t.arn)!)).score,
    error,
    regions: view.regions,
    results,
    issues: view.issues.map(({ region, call, code, message }) => ({ region, call, code, message })),
  };
}

function trailRecord(snapshot: TrailSnapshot) {
  return {
    arn: snapshot.arn,
    name: snapshot.name,
    accountId: snapshot.ownerAccountId,
    homeRegion: snapshot.homeRegion,
    isOrganizationTrail: snapshot.isOrganizationTrail,
    isMultiRegion: snapshot.isMultiRegionTrail,
    s3BucketName: snapshot.s3BucketName,
    bucketAccountId: snapshot.bucket?.ownerAccountId ?? null,
    s3KeyPrefix: snapshot.s3KeyPrefix,
    kmsKeyId: snapshot.kmsKeyId,
    logGroupArn: snapshot.cloudWatchLogsLogGroupArn,
    logFileValidation: snapshot.logFileValidationEnabled,
  };
}

export async function runScan(database: Database, input: ScanInput): Promise<ScanReport> {
  const startedAt = new Date();
  const scanId = input.scanId ?? (await createScanRun(database, input.trigger));
  if (input.scanId) await startScanRun(database, input.scanId);
  try {
    const collected = await collectScan(input.targets, input);
    const context = { now: input.now?.() ?? new Date() };
    const resultsByArn = new Map([...collected.snapshots].map(([arn, snapshot]) => [arn, evaluateTrail(snapshot, context)]));

    // A trail's owner may be outside the scanned set (an organization trail seen from members): keep it as a row.
    const known = new Set(input.targets.map((t) => t.accountId));
    const owners = [...new Set([...collected.snapshots.values()].map((s) => s.ownerAccountId))].filter((id) => !known.has(id));
    if (owners.length > 0) {
      const existing = new Set((await database.account.findMany({ where: { id: { in: owners } }, select: { id: true } })).map((a) => a.id));
      await upsertAccounts(database, owners.filter((id) => !existing.has(id)).map((id) => ({ id, name: `account ${id}`, source: "organization" as const })));
    }
    const trailIds = await upsertTrails(database, [...collected.snapshots.values()].map(trailRecord));

    const outcomes = collected.views.map((view) => accountOutcome(view, resultsByArn));
    for (const outcome of outcomes) await saveAccountOutcome(database, scanId, trailIds, outcome);

    const all = outcomes.flatMap((o) => o.results);
    const count = (status: string) => all.filter((r) => r.status === status).length;
    const status = outcomes.every((o) => o.status === "failed") && outcomes.length > 0 ? "failed" : outcomes.some((o) => o.status !== "succeeded") ? "partial" : "succeeded";
    await finishScanRun(database, scanId, {
      status,
      accountsTotal: outcomes.length,
      trailsTotal: collected.snapshots.size,
      passCount: count("pass"),
      failCount: count("fail"),
      errorCount: count("error"),
    });

    return {
      scanId,
      status,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      organizationScore: scoreOrganization(collected.views.map((v) => v.trails.filter((t) => resultsByArn.has(t.arn)).map((t) => resultsByArn.get(t.arn)!))).score,
      accounts: outcomes.map((o, index) => ({
        id: o.accountId,
        name: collected.views[index]!.target.name,
        status: o.status,
        score: o.score,
        trails: collected.views[index]!.trails.map((t) => ({ arn: t.arn, inherited: t.ownerAccountId !== o.accountId })),
        issues: o.issues,
      })),
      trails: [...collected.snapshots.values()].map((s) => ({
        arn: s.arn,
        name: s.name,
        accountId: s.ownerAccountId,
        homeRegion: s.homeRegion,
        isOrganizationTrail: s.isOrganizationTrail,
        isMultiRegionTrail: s.isMultiRegionTrail,
        results: resultsByArn.get(s.arn)!.map((r) => ({ ...r, severity: severityOf(r.checkId) })),
      })),
    };
  } catch (error) {
    await finishScanRun(database, scanId, {
      status: "failed",
      error: error instanceof Error ? error.message : String(error),
      accountsTotal: input.targets.length,
      trailsTotal: 0,
      passCount: 0,
      failCount: 0,
      errorCount: 0,
    });
    throw error;
  }
}

/** Carries out a queued scan of every account TrailProof knows (the "Scan now" job). */
export async function runQueuedScan(database: Database, scanId: string): Promise<ScanReport> {
  const run = await database.scanRun.findUniqueOrThrow({ where: { id: scanId } });
  const targets = await targetsFromDatabase(database);
  if (targets.length === 0) {
    await finishScanRun(database, scanId, { status: "failed", error: "no accounts to scan yet", accountsTotal: 0, trailsTotal: 0, passCount: 0, failCount: 0, errorCount: 0 });
    throw new Error("no accounts to scan yet");
  }
  return runScan(database, { targets, trigger: run.trigger, scanId });
}
