import { checkById } from "@/lib/core/checks/registry";
import type { Severity } from "@/lib/core/checks/types";
import type { Database } from "@/lib/db/client";
import * as evidence from "@/lib/db/evidence-repository";
import { checkFailureKey, findingSightings, firstCheckFailures, firstFlaggedVerdicts, trailDetails, type TrailDetail } from "@/lib/db/export-repository";
import { EvidenceError } from "@/lib/services/evidence/evidence-error";
import { BUNDLE_FLAGGED_LIMIT } from "@/lib/services/evidence/report-model";
import { loadWindowIntegrity } from "@/lib/services/evidence/window-integrity";
import { s3Parts, type CheckFinding, type ExportFinding, type ExportTrail, type FileFinding, type IntegrityFinding } from "@/lib/services/export/export-model";
import { findingId } from "@/lib/services/export/finding-id";
import { fileSeverity, findingSeverity } from "@/lib/services/export/integrity-severity";
import { workflowStatusOf } from "@/lib/services/export/workflow-status";
import type { FileState } from "@/lib/core/exceptions/coverage";
import { activeExceptions } from "@/lib/db/exceptions-repository";

// Which findings an export carries, decided once here, judged as the evidence report judges a window (load-report.ts):
// - checks: every FAILING result of each account's latest scan created inside the window; an organization trail's
//   result once (its owner's, else the first member's inherited copy: the verdict is the same);
// - files: per trail, each file whose time lies in the window by its latest verdict over every finished run of the
//   trail, when that verdict is INVALID, missing or unreadable (window-integrity.ts);
// - integrity findings: the strict findings of those runs that no later run superseded (same module).
// With --account, only those accounts' results, files and chains; with --trail, only that trail's.

export interface ExportScope {
  /** Only these accounts (none: every account TrailProof knows). */
  accountIds?: string[];
  /** Only this trail. */
  trailArn?: string;
  window: { from: Date; to: Date };
}

export interface LoadedFindings {
  findings: ExportFinding[];
  notices: string[];
}

const toExportTrail = ({ id, ...trail }: TrailDetail): ExportTrail => (void id, trail);

async function resolveAccounts(database: Database, scope: ExportScope) {
  const accounts = await evidence.findAccounts(database, scope.accountIds);
  if (scope.accountIds) {
    const unknown = scope.accountIds.filter((id) => !accounts.some((a) => a.id === id));
    if (unknown.length > 0) throw new EvidenceError("unknown-scope", `Unknown to TrailProof: account ${unknown.join(", ")}. Scan ${unknown.length === 1 ? "it" : "them"} first.`);
  } else if (accounts.length === 0) {
    throw new EvidenceError("empty-scope", "TrailProof knows no accounts yet: run a scan first, then export.");
  }
  return accounts;
}

async function resolveTrail(database: Database, arn: string): Promise<TrailDetail> {
  const found = await evidence.findTrailByArn(database, arn);
  const [trail] = found ? await trailDetails(database, [found.id]) : [];
  if (!trail) throw new EvidenceError("unknown-scope", `Trail ${arn} is unknown to TrailProof: scan its account first.`);
  return trail;
}

async function loadChecks(database: Database, scope: ExportScope, accounts: { id: string; name: string }[], trailId: string | undefined, notices: string[]) {
  const scans = await evidence.latestScansInWindow(database, accounts.map((a) => a.id), scope.window);
  for (const account of accounts) {
    const scan = scans.get(account.id);
    if (!scan) notices.push(`No scan of ${account.name} (${account.id}) inside the window: no checklist results for it.`);
    else if (scan.status !== "succeeded") notices.push(`The latest scan of ${account.name} (${account.id}) ended ${scan.status}${scan.error ? `: ${scan.error}` : ""}; its results are exported as stored.`);
  }
  const pairs = [...scans.values()].map((s) => ({ scanId: s.scan.id, accountId: s.accountId }));
  const rows = (await evidence.checkResultsOf(database, pairs, trailId)).filter((r) => r.status === "fail");
  const scannedAt = new Map([...scans.values()].map((s) => [s.scan.id, s.scan.createdAt]));
  // Owned rows first, so an organization trail's result is exported as its owner's, its inherited copies dropped.
  rows.sort((a, b) => Number(a.inherited) - Number(b.inherited));
  return { rows, scannedAt };
}

function checkFinding(row: Awaited<ReturnType<typeof evidence.checkResultsOf>>[number], trail: TrailDetail | undefined, scannedAt: Date, firstFailed: Date | undefined): CheckFinding {
  const check = checkById(row.checkId);
  const trailArn = trail?.arn ?? null;
  return {
    type: "check",
    id: findingId({ type: "check", checkId: row.checkId, trailArn, accountId: row.accountId }),
    accountId: row.accountId,
    region: trail?.homeRegion ?? null,
    trail: trail ? toExportTrail(trail) : null,
    severity: row.severity as Severity,
    title: check?.title ?? row.checkId,
    description: row.reason,
    firstObservedAt: firstFailed ?? scannedAt,
    lastObservedAt: scannedAt,
    workflowStatus: "new", // decided for every finding at once (judgeWorkflow)
    checkId: row.checkId,
    reason: row.reason,
    evidence: (row.evidence ?? {}) as Record<string, unknown>,
    scanId: row.scanId,
    references: check?.references ?? {},
    remediation: check?.remediation ?? "",
  };
}

/** The trails whose integrity the export reads: the one asked for, else those the accounts own and those their results name. */
async function integrityTrails(database: Database, scope: ExportScope, trail: TrailDetail | null, resultTrailIds: string[]): Promise<TrailDetail[]> {
  if (trail) return [trail];
  const owned = await evidence.findTrailsOwnedBy(database, scope.accountIds);
  const ids = [...new Set([...owned.map((t) => t.id), ...resultTrailIds])];
  return trailDetails(database, ids);
}

async function loadIntegrity(database: Database, scope: ExportScope, trail: TrailDetail, inScope: (accountId: string) => boolean, notices: string[]) {
  const integrity = await loadWindowIntegrity(database, trail, scope.window, {
    // One account asked for: its own files only, read as such; several: read the trail's and keep theirs below.
    accountId: scope.accountIds?.length === 1 ? scope.accountIds[0] : undefined,
    flaggedLimit: BUNDLE_FLAGGED_LIMIT,
    beforeFlagged: (flaggedTotal) => {
      if (flaggedTotal > BUNDLE_FLAGGED_LIMIT) {
        throw new EvidenceError("too-large", `Trail ${trail.arn} has ${flaggedTotal} INVALID, missing or unreadable files in this window; export a shorter window (--since) or one trail at a time (at most ${BUNDLE_FLAGGED_LIMIT} per trail).`);
      }
    },
  });
  if (integrity.inProgress) notices.push(`Validation run ${integrity.inProgress.id} of ${trail.arn} is still ${integrity.inProgress.status}: its verdicts are not exported. Export again when it has finished.`);
  if (integrity.runs.length === 0 && trail.logFileValidation) notices.push(`No finished integrity validation of ${trail.arn} overlaps the window: no file verdicts or integrity findings for it.`);
  for (const run of integrity.runs.filter((r) => r.status === "failed")) notices.push(`Validation run ${run.id} of ${trail.arn} failed${run.error ? `: ${run.error}` : ""}.`);
  const finishedAt = new Map(integrity.runs.map((r) => [r.id, r.finishedAt ?? r.windowEnd]));
  return {
    files: integrity.flaggedFiles.filter((f) => inScope(f.accountId)),
    findings: integrity.findings.filter((f) => inScope(f.accountId)),
    finishedAt,
  };
}

export async function loadExportFindings(database: Database, scope: ExportScope): Promise<LoadedFindings> {
  if (!(scope.window.from.getTime() < scope.window.to.getTime())) throw new EvidenceError("invalid-window", "--since must be before now.");
  const notices: string[] = [];
  const accounts = await resolveAccounts(database, scope);
  const trail = scope.trailArn ? await resolveTrail(database, scope.trailArn) : null;
  const accountSet = new Set(scope.accountIds ?? accounts.map((a) => a.id));
  const inScope = (accountId: string) => !scope.accountIds || accountSet.has(accountId);

  const { rows, scannedAt } = await loadChecks(database, scope, accounts, trail?.id, notices);
  const trails = await integrityTrails(database, scope, trail, rows.flatMap((r) => (r.trailId ? [r.trailId] : [])));
  const trailById = new Map(trails.map((t) => [t.id, t]));
  const firstFailures = await firstCheckFailures(database, [...new Set(rows.map((r) => r.accountId))]);

  // One finding per problem (finding-id.ts): an organization trail's inherited check copies are dropped, and a digest
  // whose link is broken two ways (hash and signature) is one finding that says both.
  // Each file's state by its latest verdict (its ETag is not exported): what a file exception is judged against.
  const fileStates = new Map<string, FileState>();
  const byId = new Map<string, ExportFinding>();
  const add = (finding: ExportFinding) => {
    const earlier = byId.get(finding.id);
    if (!earlier) byId.set(finding.id, finding);
    else if (earlier.type === "integrity" && finding.type === "integrity" && !earlier.message.includes(finding.message)) {
      earlier.message = `${earlier.message}; ${finding.message}`;
      earlier.description = `${earlier.description}; ${finding.message}`;
    }
  };
  for (const row of rows) {
    const rowTrail = row.trailId ? trailById.get(row.trailId) : undefined;
    add(checkFinding(row, rowTrail, scannedAt.get(row.scanId)!, firstFailures.get(checkFailureKey(row.accountId, row.trailId, row.checkId))));
  }

  for (const t of trails) {
    const integrity = await loadIntegrity(database, scope, t, inScope, notices);
    const exportTrail = toExportTrail(t);
    const firstFlagged = await firstFlaggedVerdicts(database, integrity.files.map((f) => s3Parts(f.s3Uri)!));
    for (const f of integrity.files) {
      add(fileFinding(f, exportTrail, integrity.finishedAt.get(f.runId) ?? f.fileTime, firstFlagged));
      fileStates.set(findingId({ type: "file", s3Uri: f.s3Uri }), { status: f.status, actualHash: f.actualHash, etag: f.etag, lastModified: f.lastModified });
    }
    const sightings = integrity.findings.length > 0 ? await findingSightings(database, t.id) : [];
    for (const f of integrity.findings) add(integrityFinding(f, exportTrail, integrity.finishedAt.get(f.runId), sightings));
  }
  const findings = [...byId.values()];
  await judgeWorkflow(database, findings, fileStates, scope.window.to);
  return { findings, notices };
}

/** Suppressed: what an exception active at the export's end covers (workflow-status.ts), the rest new. */
async function judgeWorkflow(database: Database, findings: ExportFinding[], fileStates: Map<string, FileState>, at: Date): Promise<void> {
  const active = await activeExceptions(database, at);
  if (active.length === 0) return;
  const accounts = await database.account.findMany({ where: { id: { in: [...new Set(findings.map((f) => f.accountId))] } }, select: { id: true, ouPath: true } });
  const ouPath = new Map(accounts.map((a) => [a.id, a.ouPath]));
  for (const f of findings) {
    const what = f.type === "check" ? f.checkId : f.type === "file" ? f.status : f.kind;
    const file = f.type === "file" ? fileStates.get(f.id) : undefined;
    f.workflowStatus = workflowStatusOf({ id: f.id, type: f.type, accountId: f.accountId, ouPath: ouPath.get(f.accountId) ?? null, trailArn: f.trail?.arn ?? null, what, file }, active);
  }
}

type WindowFile = Awaited<ReturnType<typeof loadIntegrity>>["files"][number];
type WindowFinding = Awaited<ReturnType<typeof loadIntegrity>>["findings"][number];

const FILE_TITLE: Record<WindowFile["status"], string> = {
  invalid: "CloudTrail {kind} file is INVALID: it is not what CloudTrail delivered",
  missing: "CloudTrail {kind} file is missing: a digest lists it and it is gone",
  unreadable: "CloudTrail {kind} file could not be read: nothing vouches for it",
};

function fileFinding(f: WindowFile, trail: ExportTrail, checkedAt: Date, firstFlagged: Map<string, Date>): FileFinding {
  const s3 = { ...s3Parts(f.s3Uri)!, uri: f.s3Uri };
  const kindWord = f.kind === "digest" ? "digest" : "log";
  return {
    type: "file",
    id: findingId({ type: "file", s3Uri: f.s3Uri }),
    accountId: f.accountId,
    region: f.region,
    trail,
    severity: fileSeverity(f.status),
    title: FILE_TITLE[f.status].replace("{kind}", kindWord),
    description: `${f.s3Uri}: ${f.reason ?? f.status}${f.expectedHash && f.actualHash ? ` (SHA-256 expected ${f.expectedHash}, found ${f.actualHash})` : ""}.`,
    firstObservedAt: firstFlagged.get(`${s3.bucket}/${s3.key}`) ?? checkedAt,
    lastObservedAt: checkedAt,
    workflowStatus: "new",
    kind: f.kind,
    status: f.status,
    s3,
    reason: f.reason,
    expectedHash: f.expectedHash,
    actualHash: f.actualHash,
    fileTime: f.fileTime,
    digestUri: f.digestUri,
    runId: f.runId,
  };
}

const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

function integrityFinding(f: WindowFinding, trail: ExportTrail, runFinishedAt: Date | undefined, sightings: Awaited<ReturnType<typeof findingSightings>>): IntegrityFinding {
  const seen = runFinishedAt ?? f.toTime ?? f.fromTime ?? new Date(0);
  const first = sightings.find((s) => s.accountId === f.accountId && s.region === f.region && s.kind === f.kind && s.s3Uri === f.s3Uri && sameTime(s.fromTime, f.fromTime) && sameTime(s.toTime, f.toTime))?.first;
  return {
    type: "integrity",
    id: findingId({ type: "integrity", kind: f.kind, trailArn: trail.arn, accountId: f.accountId, region: f.region, s3Uri: f.s3Uri, fromTime: f.fromTime, toTime: f.toTime, message: f.message }),
    accountId: f.accountId,
    region: f.region,
    trail,
    severity: findingSeverity(f.kind),
    title: `CloudTrail log integrity: ${f.kind} in ${f.accountId} ${f.region}`,
    description: f.s3Uri ? `${f.s3Uri}: ${f.message}` : f.message,
    firstObservedAt: first && first < seen ? first : seen,
    lastObservedAt: seen,
    workflowStatus: "new",
    kind: f.kind,
    s3Uri: f.s3Uri,
    message: f.message,
    fromTime: f.fromTime,
    toTime: f.toTime,
    runId: f.runId,
  };
}
