import type { DigestVisit } from "@/lib/core/integrity/chain-walk";
import { LOG_VERDICT_WORDS, type LogVerdict } from "@/lib/core/integrity/log-check";
import { pyStr } from "@/lib/core/integrity/py-compat";
import { formatDisplayDate } from "@/lib/core/integrity/py-date";
import type { OutputChunk, ValidationCounts } from "@/lib/core/integrity/report";
import type { StrictFindingKind } from "@/lib/core/integrity/strict-findings";
import type { ValidateTrailLogsOutcome } from "@/lib/services/integrity/validate-trail-logs";

// One validation as a JSON document (`validate-logs --json`): every file examined, in awscli's order (each digest,
// then the log files it lists), with awscli's verdict and ours; every strict finding; every gap; the counts.

export type FileStatus = "valid" | "invalid" | "missing";

export interface DigestFileEntry {
  type: "digest";
  uri: string;
  backfill: boolean;
  region: string;
  accountId: string;
  status: FileStatus;
  /** awscli's words after "INVALID: ", e.g. "signature verification failed"; null when valid. */
  reason: string | null;
}

export interface LogFileEntry {
  type: "log";
  uri: string;
  /** The digest that lists it. */
  digest: string;
  backfill: boolean;
  region: string;
  accountId: string;
  /** awscli's verdict. */
  status: FileStatus;
  reason: string | null;
  /** Ours: also fails appended gzip members, trailing bytes and truncation that awscli lets through. */
  strictStatus: FileStatus;
  strictReason: string | null;
  note: string | null;
  expectedSha256: string | null;
  actualSha256: string | null;
}

export interface ValidationDocument {
  trailArn: string;
  /** The region whose files were validated, and the account and location they were read from. */
  region: string | null;
  accountId: string | null;
  bucket: string | null;
  prefix: string | null;
  organizationId: string | null;
  start: string | null;
  end: string | null;
  /** awscli's exit code (0, 1, 255) and ours (1 also for strict findings and logs only the strict check fails). */
  exitCode: 0 | 1 | 255;
  strictExitCode: 0 | 1 | 255;
  /** What stopped the validation (awscli's message), or null when it ran to the end. */
  aborted: string | null;
  counts: ValidationCounts | null;
  files: (DigestFileEntry | LogFileEntry)[];
  findings: { kind: StrictFindingKind; backfill: boolean; uri: string | null; detail: string }[];
  gaps: { backfill: boolean; from: string; to: string; olderDigest: string; newerDigest: string }[];
}

const uri = (bucket: string, key: string) => `s3://${bucket}/${key}`;

function logStatus(verdict: LogVerdict): { status: FileStatus; reason: string | null } {
  if (verdict === "valid") return { status: "valid", reason: null };
  return { status: verdict === "not-found" ? "missing" : "invalid", reason: LOG_VERDICT_WORDS[verdict] };
}

/** The "INVALID: …" words of each digest line on stderr, by backfill flag and URI. */
function digestReasons(output: readonly OutputChunk[]): Map<string, string> {
  const reasons = new Map<string, string>();
  const line = /^(\(backfill\) )?Digest file\t(s3:\/\/.*?)\tINVALID: (.*)$/s;
  for (const chunk of output) {
    if (chunk.stream !== "stderr") continue;
    const match = line.exec(chunk.text.replace(/^\n/, "").replace(/\n\n$/, ""));
    if (match) reasons.set(`${Boolean(match[1])}|${match[2]}`, match[3]!);
  }
  return reasons;
}

export function validationDocument(trailArn: string, outcome: ValidateTrailLogsOutcome): ValidationDocument {
  const run = outcome.run;
  if (!run) {
    return {
      trailArn,
      region: null,
      accountId: null,
      bucket: null,
      prefix: null,
      organizationId: null,
      start: null,
      end: null,
      exitCode: outcome.exitCode,
      strictExitCode: outcome.exitCode,
      aborted: outcome.failure,
      counts: null,
      files: [],
      findings: [],
      gaps: [],
    };
  }
  const { request, result } = run;
  const { scope } = request;
  const where = { region: scope.sourceRegion, accountId: scope.accountId };
  const reasons = digestReasons(result.output);
  const logsByDigest = new Map<string, LogFileEntry[]>();
  result.logs.forEach((log) => {
    const digest = uri(log.digest.bucket, log.digest.key);
    const parity = logStatus(log.parity);
    const strict = logStatus(log.strict);
    const entry: LogFileEntry = {
      type: "log",
      uri: `s3://${pyStr(log.bucket)}/${pyStr(log.key)}`,
      digest,
      backfill: log.digest.backfill,
      ...where,
      ...parity,
      strictStatus: strict.status,
      strictReason: strict.reason,
      note: log.note,
      expectedSha256: log.expectedHash,
      actualSha256: log.sha256,
    };
    const id = `${log.digest.backfill}|${digest}`;
    logsByDigest.set(id, [...(logsByDigest.get(id) ?? []), entry]);
  });
  const digestEntry = (visit: DigestVisit): DigestFileEntry => {
    const at = uri(visit.bucket, visit.key);
    const status: FileStatus = visit.outcome === "valid" ? "valid" : visit.outcome === "not-found" ? "missing" : "invalid";
    const reason = status === "valid" ? null : (reasons.get(`${visit.backfill}|${at}`) ?? visit.outcome);
    return { type: "digest", uri: at, backfill: visit.backfill, ...where, status, reason };
  };
  const files = result.trace.visits.flatMap((visit) => {
    const id = `${visit.backfill}|${uri(visit.bucket, visit.key)}`;
    const logs = visit.outcome === "valid" ? (logsByDigest.get(id) ?? []) : [];
    if (visit.outcome === "valid") logsByDigest.delete(id); // listed once, after the first valid visit
    return [digestEntry(visit), ...logs];
  });
  return {
    trailArn,
    ...where,
    bucket: request.bucket,
    prefix: scope.prefix,
    organizationId: scope.organizationId,
    start: formatDisplayDate(request.start),
    end: formatDisplayDate(request.end),
    exitCode: result.exitCode,
    strictExitCode: result.strictExitCode,
    aborted: result.aborted,
    counts: result.counts,
    files,
    findings: result.findings.map((finding) => ({
      kind: finding.kind,
      backfill: finding.backfill,
      uri: finding.key === null ? null : uri(finding.bucket, finding.key),
      detail: finding.detail,
    })),
    gaps: result.trace.gaps.map((gap) => ({
      backfill: gap.backfill,
      from: formatDisplayDate(gap.from),
      to: formatDisplayDate(gap.to),
      olderDigest: uri(request.bucket, gap.olderKey),
      newerDigest: uri(request.bucket, gap.newerKey),
    })),
  };
}
