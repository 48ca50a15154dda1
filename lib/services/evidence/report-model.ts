import type { AlertState, AlertSubject } from "@/lib/core/alerts/problem";
import type { Score } from "@/lib/core/checks/scoring";
import type { CheckStatus, Severity } from "@/lib/core/checks/types";
import type { EvidenceScope, EvidenceWindow } from "@/lib/services/evidence/scope";
import type { CurrentFinding } from "@/lib/db/window-integrity-repository";
import type { WindowCoverage } from "@/lib/services/evidence/window-coverage";

// Everything an evidence report shows, as plain data: the PDF, the JSON and the CSV files are all rendered from one
// model, so they cannot disagree.

/**
 * The PDF lists at most this many flagged files in all (about 750 pages; Chromium holds a whole document while it
 * prints, about 2.5 GB at this size); the bundle's CSV and JSON list them all, and the PDF says so.
 */
export const PDF_FLAGGED_LIMIT = 12_000;
/** Above this, even the bundle would not stay bounded: the export is refused with a message that says to narrow it. */
export const BUNDLE_FLAGGED_LIMIT = 250_000;

/** The PDF lists at most this many audit events (about 70 pages); audit.csv and evidence.json list more, and the PDF says so. */
export const PDF_AUDIT_LIMIT = 2_000;
/**
 * The bundle lists at most this many audit events of a report (the oldest first). Above it the report is still made,
 * and says on its first pages, in evidence.json and in VERIFY.txt that the trail it carries is truncated.
 */
export const BUNDLE_AUDIT_LIMIT = 100_000;

export interface ReportCheck {
  checkId: string;
  title: string;
  severity: Severity;
  status: CheckStatus;
  reason: string;
  evidence: Record<string, unknown>;
  inherited: boolean;
  /** The account whose scan produced this row. */
  accountId: string;
  scanId: string;
  /** A fail an exception active at the window's end covers: "excepted by … until …: why"; null otherwise. */
  exceptedBy: string | null;
}

export interface ReportTrail {
  arn: string;
  name: string;
  accountId: string;
  homeRegion: string;
  isOrganizationTrail: boolean;
  /** Null for an account-level group of results (no trail could be read). */
  score: Score | null;
  checks: ReportCheck[];
}

export interface RegionCounts {
  accountId: string;
  region: string;
  /** By latest verdict; `unreadable`: the run could not read the object (denied, too large), so nothing vouches for it. */
  digests: { valid: number; invalid: number; missing: number; unreadable: number };
  logs: { valid: number; invalid: number; missing: number; unreadable: number };
  gaps: number;
}

export interface FlaggedFile {
  /** TrailProof's id of that verdict (file_verdicts.id as text; its page is /files/<id>). */
  verdictId: string;
  /** The run that gave the file its latest verdict. */
  runId: string;
  trailArn: string;
  accountId: string;
  region: string;
  kind: "digest" | "log";
  status: "invalid" | "missing" | "unreadable";
  s3Uri: string;
  reason: string | null;
  expectedHash: string | null;
  actualHash: string | null;
  /** The object's ETag as S3 listed it (null: not recorded): what a file exception pins (coverage.ts). */
  etag: string | null;
  /** The object's LastModified as S3 listed it (null: not recorded): pinned with the ETag. */
  lastModified: Date | null;
  fileTime: Date;
  /** For a log file: the digest that lists it. */
  digestUri: string | null;
  /** The fingerprint of the key that signed that digest (or this digest). */
  fingerprint: string | null;
  /** In an evidence report: the exception covering this file at the window's end ("excepted by … until …"). */
  exceptedBy?: string | null;
}

/** A strict finding of a run (lib/db/window-integrity-repository.ts reads them) with the trail it is about. */
export interface ReportFinding extends CurrentFinding {
  trailArn: string;
  /** In an evidence report: the exception covering this finding at the window's end. */
  exceptedBy?: string | null;
}

/** A finished validation run whose verdicts a report may show. */
export interface ReportRun {
  id: string;
  status: string;
  windowStart: Date;
  windowEnd: Date;
  finishedAt: Date | null;
  error: string | null;
}

/**
 * One trail's integrity over a window, for the evidence report and the trail page alike (window-integrity.ts builds it):
 * every file by its latest verdict over all the finished runs of the trail inside the window (whichever run gave it),
 * the findings no later run superseded, and what no run covered (see window-coverage.ts).
 */
export interface WindowIntegrity {
  /** The finished runs whose windows overlap this one, newest first: the verdicts shown come from them; empty when none does. */
  runs: ReportRun[];
  /** The newest run still queued or running: its verdicts are not shown until it finishes, and the report says so. */
  inProgress: { id: string; status: string; done: number; total: number } | null;
  regions: RegionCounts[];
  /** INVALID, missing and unreadable files (latest verdict), at most the limit asked for. */
  flaggedFiles: FlaggedFile[];
  /** How many there are in all (the PDF and the trail page are capped; the bundle CSV never is). */
  flaggedTotal: number;
  findings: ReportFinding[];
  coverage: WindowCoverage;
  /** What no run covered, in sentences; empty only when every expected chain is covered over the whole window. */
  notCovered: string[];
}

export interface ReportValidation extends WindowIntegrity {
  trailArn: string;
  trailName: string;
}

export interface ReportAccount {
  id: string;
  name: string;
  /** The latest scan of the account inside the window, or null when none ran there. */
  scan: { id: string; createdAt: Date; status: string; score: number | null; error: string | null } | null;
}

/** One record of TrailProof's own audit trail: who asked for what, and how it ended. */
export interface ReportAuditEvent {
  /** The record's id in audit_events (a bigint, as text). */
  id: string;
  at: Date;
  actor: string;
  actorName: string;
  roles: string[];
  /** "scan.request", "validation.request", "evidence.export", "evidence.download", "auth.sign-in", … */
  action: string;
  /** A trail ARN, account id, comma-joined trail ids and account ids, an export id, "organization"; null for sign-ins. */
  target: string | null;
  outcome: string;
  /** Ids of what it made, or why it failed or was refused, as recorded. */
  detail: unknown;
  sourceIp: string | null;
  userAgent: string | null;
}

/** The audit events of the report's window that concern its scope (load-report.ts decides which), oldest first. */
export interface ReportActivity {
  /** At most BUNDLE_AUDIT_LIMIT; fewer than `total` means the bundle's copy is truncated. */
  events: ReportAuditEvent[];
  /** How many there are in all. */
  total: number;
  /** Of `total`, how many ended each way ("succeeded", "joined", "failed", "refused"). */
  outcomes: Record<string, number>;
}

/** An alert seen during the window (first seen before its end, last seen after its start), worst first. */
export interface ReportAlert extends AlertSubject {
  id: string;
  state: AlertState;
  firstSeen: Date;
  lastSeen: Date;
  timesSeen: number;
  resolvedAt: Date | null;
  acknowledgedBy: string | null;
  ackComment: string | null;
}

/** The PDF lists at most this many alerts; evidence.json in the bundle carries every one loaded (REPORT_ALERT_LIMIT). */
export const PDF_ALERT_LIMIT = 50;
export const REPORT_ALERT_LIMIT = 1000;

/** An exception that applied at some moment of the window (docs/exceptions.md), whatever it is now. */
export interface ReportException {
  id: string;
  covers: string;
  justification: string;
  owner: string;
  proposedByName: string;
  createdAt: Date;
  approvedByName: string | null;
  approvedAt: Date | null;
  expiresAt: Date;
  revokedByName: string | null;
  revokedAt: Date | null;
  revokeReason: string | null;
}

export interface ReportModel {
  id: string;
  scope: EvidenceScope;
  scopeLabel: string;
  window: EvidenceWindow;
  generatedAt: Date;
  generatedBy: string;
  productVersion: string;
  accounts: ReportAccount[];
  trails: ReportTrail[];
  validations: ReportValidation[];
  score: Score;
  /** The same results with the exceptions active at the window's end (scoring.ts: excepted fails in neither sum). */
  scoreWithExceptions: Score;
  /** Every exception in scope active at any time in the window, oldest approval first. */
  exceptions: ReportException[];
  activity: ReportActivity;
  alerts: ReportAlert[];
  /** Plain sentences about what the report cannot show (no scan in the window, a run still going, …). */
  notices: string[];
}

/** The ids of the data the report rests on, printed on its cover and recorded with the export. */
export function dataSources(model: ReportModel): { scanIds: string[]; validationRunIds: string[] } {
  const scanIds = [...new Set(model.accounts.flatMap((a) => (a.scan ? [a.scan.id] : [])))].sort();
  const validationRunIds = [...new Set(model.validations.flatMap((v) => v.runs.map((r) => r.id)))].sort();
  return { scanIds, validationRunIds };
}

export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}
