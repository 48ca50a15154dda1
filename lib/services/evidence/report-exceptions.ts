import type { Database } from "@/lib/db/client";
import { exceptionsApprovedBefore, type ExceptionRow } from "@/lib/db/exceptions-repository";
import { exceptionNote } from "@/lib/core/exceptions/apply";
import { coveringException, isUnder, type CoveredSubject } from "@/lib/core/exceptions/coverage";
import { describeTarget, isActiveAt, targetOf, wasActiveDuring } from "@/lib/core/exceptions/exception";
import type { EvidenceScope, EvidenceWindow } from "@/lib/services/evidence/scope";
import type { ReportCheck, ReportException, ReportValidation } from "@/lib/services/evidence/report-model";
import { findingId } from "@/lib/services/export/finding-id";

// The exceptions an evidence report shows: every one in scope that applied at some moment of its window (with who
// approved it, when, until when, and why), and which of its failing results one covered at the window's end. An
// account or trail report lists those that could cover its results: for its account (or an OU above it), for one of
// its trails, or for one of its files and integrity findings by their export ids. Loading them also marks the
// report's files and findings an exception covers at the window's end.

export interface ReportExceptions {
  exceptions: ReportException[];
  /** The note for a check row, or null when no exception active at the window's end covers it. */
  noteFor: (check: ReportCheck, trailArn: string | null) => string | null;
}

const fileIdOf = (f: ReportValidation["flaggedFiles"][number]) => findingId({ type: "file", s3Uri: f.s3Uri });
const findingIdOf = (v: ReportValidation, f: ReportValidation["findings"][number]) =>
  findingId({ type: "integrity", kind: f.kind, trailArn: v.trailArn, accountId: f.accountId, region: f.region, s3Uri: f.s3Uri, fromTime: f.fromTime, toTime: f.toTime, message: f.message });

function integrityIds(validations: ReportValidation[]): Set<string> {
  const ids = new Set<string>();
  for (const v of validations) {
    for (const f of v.flaggedFiles) ids.add(fileIdOf(f));
    for (const f of v.findings) ids.add(findingIdOf(v, f));
  }
  return ids;
}

/** Marks the files and findings an exception active at the window's end covers (their verdicts unchanged). */
export function markExceptedIntegrity(validations: ReportValidation[], atEnd: readonly ExceptionRow[]): void {
  const noteOf = (subject: CoveredSubject) => {
    const cover = coveringException(atEnd, subject);
    return cover ? exceptionNote(cover) : null;
  };
  for (const v of validations) {
    for (const f of v.flaggedFiles) f.exceptedBy = noteOf({ type: "file", findingId: fileIdOf(f), state: { status: f.status, actualHash: f.actualHash, etag: f.etag, lastModified: f.lastModified } });
    for (const f of v.findings) f.exceptedBy = noteOf({ type: "finding", findingId: findingIdOf(v, f) });
  }
}

export async function loadReportExceptions(
  database: Database,
  scope: EvidenceScope,
  window: EvidenceWindow,
  inScope: { accounts: { id: string; ouPath: string | null }[]; trailArns: string[]; validations: ReportValidation[] },
): Promise<ReportExceptions> {
  const rows = (await exceptionsApprovedBefore(database, window.to)).filter((e) => wasActiveDuring(e, window));
  const trails = new Set(inScope.trailArns);
  const findings = integrityIds(inScope.validations);
  const relevant = (e: ExceptionRow): boolean => {
    if (scope.kind === "organization") return true;
    const target = targetOf(e);
    switch (target.scope) {
      case "account":
        return inScope.accounts.some((a) => a.id === target.accountId);
      case "organizational_unit":
        return inScope.accounts.some((a) => isUnder(a.ouPath, target.ouPath));
      case "trail":
        return trails.has(target.trailArn);
      case "finding":
        return findings.has(target.findingId);
    }
  };
  const listed = rows.filter(relevant);
  const atEnd = listed.filter((e) => isActiveAt(e, window.to));
  markExceptedIntegrity(inScope.validations, atEnd);
  const ouPath = new Map(inScope.accounts.map((a) => [a.id, a.ouPath]));
  return {
    exceptions: listed.map((e) => ({
      id: e.id,
      covers: e.findingLabel ?? describeTarget(targetOf(e)),
      justification: e.justification,
      owner: e.owner,
      proposedByName: e.proposedByName,
      createdAt: e.createdAt,
      approvedByName: e.approvedByName,
      approvedAt: e.approvedAt,
      expiresAt: e.expiresAt,
      revokedByName: e.revokedByName,
      revokedAt: e.revokedAt,
      revokeReason: e.revokeReason,
    })),
    noteFor: (check, trailArn) => {
      if (check.status !== "fail") return null;
      const cover = coveringException(atEnd, { type: "check", checkId: check.checkId, accountId: check.accountId, ouPath: ouPath.get(check.accountId) ?? null, trailArn });
      return cover ? exceptionNote(cover) : null;
    },
  };
}
