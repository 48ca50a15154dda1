import { CHECKS, checkById } from "@/lib/core/checks/registry";
import { computeScore, toScoreInput } from "@/lib/core/checks/scoring";
import { loadReportExceptions } from "@/lib/services/evidence/report-exceptions";
import type { CheckStatus, Severity } from "@/lib/core/checks/types";
import type { Database } from "@/lib/db/client";
import * as repo from "@/lib/db/evidence-repository";
import { EvidenceError } from "@/lib/services/evidence/evidence-error";
import { alertsInWindow } from "@/lib/db/alerts-repository";
import { BUNDLE_AUDIT_LIMIT, BUNDLE_FLAGGED_LIMIT, REPORT_ALERT_LIMIT, type ReportActivity, type ReportAlert, type ReportAccount, type ReportCheck, type ReportModel, type ReportTrail, type ReportValidation } from "@/lib/services/evidence/report-model";
import { describeScope, type EvidenceScope, type EvidenceWindow } from "@/lib/services/evidence/scope";
import { loadWindowIntegrity } from "@/lib/services/evidence/window-integrity";

// Builds the report model from the database. Which data a report shows, decided once here:
// - checks: each account's latest scan created inside the window (none: the report says so);
// - integrity: per trail, each file whose time lies inside the window (for an account scope, that account's files) by
//   its latest verdict over every finished run of the trail, the findings no later run superseded, and what no run
//   covered (days, regions, accounts the trail should log; window-integrity.ts); a run still going is named, never
//   half-shown;
// - activity (TrailProof's own audit trail): the events `at` inside the window, oldest first. An organization report
//   has every one, sign-ins and sign-outs included. An account report has those whose target names the account id, or
//   the id or ARN of a trail the report shows (the account's own, and organization trails it inherits), or
//   "organization" (scans, organization reports), or an export of any of these (downloads); a trail report those
//   naming the trail's id or ARN, or "organization", or an export of either. Named means a whole comma-separated part
//   of the target (auditTargets below, matched in evidence-repository.ts's auditWhere); sign-ins never belong to an
//   account or trail report. At most BUNDLE_AUDIT_LIMIT events are read; beyond it the report says it is truncated.


export interface ReportRequest {
  id: string;
  scope: EvidenceScope;
  window: EvidenceWindow;
  generatedBy: string;
  productVersion: string;
  now?: Date;
}

interface ResolvedScope {
  accounts: { id: string; name: string }[];
  /** Trails whose checklist and validation the report shows. */
  trails: repo.TrailRow[];
  /** An account scope filters organization-trail files to that account's own. */
  fileAccountId?: string;
}

async function resolveScope(database: Database, scope: EvidenceScope): Promise<ResolvedScope> {
  switch (scope.kind) {
    case "organization": {
      const accounts = await repo.findAccounts(database);
      if (accounts.length === 0) throw new EvidenceError("empty-scope", "TrailProof knows no accounts yet: run a scan first, then export evidence.");
      return { accounts, trails: await repo.findTrailsOwnedBy(database) };
    }
    case "account": {
      const accounts = await repo.findAccounts(database, [scope.accountId]);
      if (accounts.length === 0) throw new EvidenceError("unknown-scope", `Account ${scope.accountId} is unknown to TrailProof: scan it first.`);
      return { accounts, trails: await repo.findTrailsOwnedBy(database, [scope.accountId]), fileAccountId: scope.accountId };
    }
    case "trail": {
      const trail = await repo.findTrailByArn(database, scope.trailArn);
      if (!trail) throw new EvidenceError("unknown-scope", `Trail ${scope.trailArn} is unknown to TrailProof: scan its account first.`);
      return { accounts: await repo.findAccounts(database, [trail.accountId]), trails: [trail] };
    }
  }
}

function toCheck(row: Awaited<ReturnType<typeof repo.checkResultsOf>>[number]): ReportCheck {
  return {
    checkId: row.checkId,
    title: checkById(row.checkId)?.title ?? row.checkId,
    severity: row.severity as Severity,
    status: row.status as CheckStatus,
    reason: row.reason,
    evidence: (row.evidence ?? {}) as Record<string, unknown>,
    inherited: row.inherited,
    accountId: row.accountId,
    scanId: row.scanId,
    exceptedBy: null, // set once the report's exceptions are known (report-exceptions.ts)
  };
}

// The registry's order (most severe first) is the checklist's order in every report.
const CHECK_ORDER = new Map(CHECKS.map((check, index) => [check.id, index]));
function checkRank(id: string): number {
  return CHECK_ORDER.get(id) ?? CHECKS.length;
}

/**
 * One checklist per trail. An organization trail is shown once, with its owner's results (its inherited copies in
 * member accounts are the same verdicts); results with no trail (nothing could be read) form an account-level group.
 */
function groupChecks(rows: ReportCheck[], trailOf: Map<string, repo.TrailRow>, trailIdOf: Map<ReportCheck, string | null>): ReportTrail[] {
  const groups = new Map<string, ReportTrail>();
  const ownedShown = new Set(rows.filter((c) => !c.inherited).map((c) => trailIdOf.get(c)));
  for (const check of rows) {
    const trailId = trailIdOf.get(check) ?? null;
    const trail = trailId ? trailOf.get(trailId) : undefined;
    if (trail && check.inherited && ownedShown.has(trailId)) continue;
    const key = trail ? (check.inherited ? `${trail.arn} via ${check.accountId}` : trail.arn) : `account ${check.accountId}`;
    let group = groups.get(key);
    if (!group) {
      group = trail
        ? { arn: trail.arn, name: check.inherited ? `${trail.name} (inherited by ${check.accountId})` : trail.name, accountId: trail.accountId, homeRegion: trail.homeRegion, isOrganizationTrail: trail.isOrganizationTrail, score: null, checks: [] }
        : { arn: "", name: `Account ${check.accountId}: results with no trail`, accountId: check.accountId, homeRegion: "", isOrganizationTrail: false, score: null, checks: [] };
      groups.set(key, group);
    }
    group.checks.push(check);
  }
  for (const group of groups.values()) {
    group.checks.sort((a, b) => checkRank(a.checkId) - checkRank(b.checkId));
    group.score = computeScore(group.checks.filter((c) => checkById(c.checkId)).map(toScoreInput));
  }
  return [...groups.values()];
}

async function loadValidation(database: Database, trail: repo.TrailRow, window: EvidenceWindow, accountId: string | undefined): Promise<ReportValidation> {
  const integrity = await loadWindowIntegrity(database, trail, window, {
    accountId,
    flaggedLimit: BUNDLE_FLAGGED_LIMIT,
    beforeFlagged: (flaggedTotal) => {
      if (flaggedTotal > BUNDLE_FLAGGED_LIMIT) {
        throw new EvidenceError("too-large", `Trail ${trail.arn} has ${flaggedTotal} INVALID or missing files in this window; export a shorter window (at most ${BUNDLE_FLAGGED_LIMIT} per trail).`);
      }
    },
  });
  return { trailArn: trail.arn, trailName: trail.name, ...integrity };
}

/** The audit targets a report's activity is about (see the header): null for the organization, which sees every event. */
function auditTargets(scope: EvidenceScope, trails: repo.TrailRow[]): string[] | null {
  if (scope.kind === "organization") return null;
  return ["organization", ...(scope.kind === "account" ? [scope.accountId] : []), ...trails.flatMap((t) => [t.id, t.arn])];
}

// Counted from the rows read whenever they are all there, so the counts and the list agree even while events arrive.
async function loadActivity(database: Database, window: EvidenceWindow, targets: string[] | null): Promise<ReportActivity> {
  const events = await repo.auditEventsOf(database, window, targets, BUNDLE_AUDIT_LIMIT);
  if (events.length < BUNDLE_AUDIT_LIMIT) {
    const outcomes: Record<string, number> = {};
    for (const event of events) outcomes[event.outcome] = (outcomes[event.outcome] ?? 0) + 1;
    return { events, total: events.length, outcomes };
  }
  const outcomes = await repo.auditOutcomeCounts(database, window, targets);
  return { events, total: Math.max(events.length, Object.values(outcomes).reduce((n, c) => n + c, 0)), outcomes };
}

function noticesFor(accounts: ReportAccount[], validations: ReportValidation[], trails: repo.TrailRow[], activity: ReportActivity): string[] {
  const notices: string[] = [];
  const unscanned = accounts.filter((a) => !a.scan);
  if (unscanned.length === accounts.length) notices.push("No scan ran inside this window: the report has no checklist results. Run a scan, or choose a window that contains one.");
  else if (unscanned.length > 0) notices.push(`No scan inside this window for ${unscanned.map((a) => `${a.name} (${a.id})`).join(", ")}: no checklist results for ${unscanned.length === 1 ? "it" : "them"}.`);
  if (trails.length === 0) notices.push("No trail is known in this scope.");
  else if (validations.every((v) => v.runs.length === 0)) notices.push("No finished integrity validation overlaps this window: the report has no file verdicts.");
  for (const v of validations) {
    if (v.inProgress) {
      notices.push(
        `Validation run ${v.inProgress.id} of ${v.trailName} is still ${v.inProgress.status} (${v.inProgress.done} of ${v.inProgress.total} files checked): its verdicts are not in this report${v.runs.length ? ", which shows those of the runs that finished before it" : ""}. Export again when it has finished.`,
      );
    }
    for (const run of v.runs.filter((r) => r.status !== "succeeded")) notices.push(`Validation run ${run.id} of ${v.trailName} ended ${run.status}${run.error ? `: ${run.error}` : ""}.`);
    if (v.runs.length > 0 && v.notCovered.length > 0) notices.push(`The integrity of ${v.trailName} is not proven for the whole window. ${v.notCovered.join(" ")}`);
  }
  if (activity.events.length < activity.total) {
    notices.push(`The audit trail holds ${activity.total} events for this scope and window: this report and its bundle carry only the first ${activity.events.length}, so the trail they show is truncated. Export a shorter window to have it whole.`);
  }
  return notices;
}

/** The alerts seen during the window that concern the scope: an account's, a trail's, or every one. */
async function loadAlerts(database: Database, scope: EvidenceScope, window: EvidenceWindow): Promise<ReportAlert[]> {
  const where = scope.kind === "account" ? { accountId: scope.accountId } : scope.kind === "trail" ? { trailArn: scope.trailArn } : {};
  const rows = await alertsInWindow(database, window, where, REPORT_ALERT_LIMIT);
  return rows.map(({ id, kind, severity, state, title, reason, accountId, region, trailArn, s3Uri, firstSeen, lastSeen, timesSeen, resolvedAt, acknowledgedBy, ackComment }) => ({
    id, kind, severity, state, title, reason, accountId, region, trailArn, s3Uri, firstSeen, lastSeen, timesSeen, resolvedAt, acknowledgedBy, ackComment,
  }));
}

export async function loadReportModel(database: Database, request: ReportRequest): Promise<ReportModel> {
  const { scope, window } = request;
  if (!(window.from.getTime() < window.to.getTime())) throw new EvidenceError("invalid-window", "The window must start before it ends.");
  const resolved = await resolveScope(database, scope);
  const scans = await repo.latestScansInWindow(database, resolved.accounts.map((a) => a.id), window);
  const accounts: ReportAccount[] = resolved.accounts.map((a) => {
    const s = scans.get(a.id);
    return { ...a, scan: s ? { id: s.scan.id, createdAt: s.scan.createdAt, status: s.status, score: s.score, error: s.error } : null };
  });

  const pairs = [...scans.values()].map((s) => ({ scanId: s.scan.id, accountId: s.accountId }));
  const rows = await repo.checkResultsOf(database, pairs, scope.kind === "trail" ? resolved.trails[0]!.id : undefined);
  const checks = rows.map(toCheck);
  const trailIdOf = new Map(checks.map((c, i) => [c, rows[i]!.trailId]));
  // Inherited organization trails appear in an account's results but are owned elsewhere: fetch them too.
  const knownIds = new Set(resolved.trails.map((t) => t.id));
  const extraIds = [...new Set(rows.flatMap((r) => (r.trailId && !knownIds.has(r.trailId) ? [r.trailId] : [])))];
  const trailRows = [...resolved.trails, ...(await repo.findTrailsByIds(database, extraIds))];
  const trailOf = new Map(trailRows.map((t) => [t.id, t]));

  const validations: ReportValidation[] = [];
  for (const trail of trailRows) validations.push(await loadValidation(database, trail, window, resolved.fileAccountId));
  const activity = await loadActivity(database, window, auditTargets(scope, trailRows));
  const alerts = await loadAlerts(database, scope, window);
  const ouPaths = await database.account.findMany({ where: { id: { in: resolved.accounts.map((a) => a.id) } }, select: { id: true, ouPath: true } });
  const excepted = await loadReportExceptions(database, scope, window, { accounts: ouPaths, trailArns: trailRows.map((t) => t.arn), validations });
  for (const check of checks) {
    const trailId = trailIdOf.get(check);
    check.exceptedBy = excepted.noteFor(check, trailId ? (trailOf.get(trailId)?.arn ?? null) : null);
  }
  const scored = checks.filter((c) => checkById(c.checkId)).map((c) => ({ ...toScoreInput(c), excepted: c.exceptedBy !== null }));

  return {
    id: request.id,
    scope,
    scopeLabel: describeScope(scope),
    window,
    generatedAt: request.now ?? new Date(),
    generatedBy: request.generatedBy,
    productVersion: request.productVersion,
    accounts,
    trails: groupChecks(checks, trailOf, trailIdOf),
    validations,
    // The scoring formula over every result in scope, inherited rows included (see lib/core/checks/scoring.ts).
    score: computeScore(scored, "without"),
    scoreWithExceptions: computeScore(scored, "with"),
    exceptions: excepted.exceptions,
    activity,
    alerts,
    notices: noticesFor(accounts, validations, trailRows, activity),
  };
}
