import type { Database } from "@/lib/db/client";
import { recordAudit, type AuditContext } from "@/lib/db/audit-repository";
import { Prisma, type AuditEvent } from "@/lib/db/generated/client";
import { FLAGGED_FILE_STATUSES } from "@/lib/db/file-status";

// Reads an evidence report rests on, and the export records themselves. Projections are declared once; the list
// never selects the stored PDF and zip bytes.

export interface Window {
  from: Date;
  to: Date;
}

export function findAccounts(database: Database, ids?: string[]) {
  return database.account.findMany({ where: ids ? { id: { in: ids } } : {}, select: { id: true, name: true }, orderBy: [{ name: "asc" }, { id: "asc" }] });
}

const trailSelect = { id: true, arn: true, name: true, accountId: true, homeRegion: true, isOrganizationTrail: true } satisfies Prisma.TrailSelect;
export type TrailRow = Prisma.TrailGetPayload<{ select: typeof trailSelect }>;

export function findTrailByArn(database: Database, arn: string): Promise<TrailRow | null> {
  return database.trail.findUnique({ where: { arn }, select: trailSelect });
}

export function findTrailsByIds(database: Database, ids: string[]): Promise<TrailRow[]> {
  return database.trail.findMany({ where: { id: { in: ids } }, select: trailSelect, orderBy: [{ accountId: "asc" }, { name: "asc" }] });
}

/** Trails owned by these accounts (every trail when `accountIds` is undefined). */
export function findTrailsOwnedBy(database: Database, accountIds?: string[]): Promise<TrailRow[]> {
  return database.trail.findMany({ where: accountIds ? { accountId: { in: accountIds } } : {}, select: trailSelect, orderBy: [{ accountId: "asc" }, { name: "asc" }] });
}

/** Each account's latest scan outcome created inside the window. */
export async function latestScansInWindow(database: Database, accountIds: string[], window: Window) {
  const rows = await database.scanAccount.findMany({
    where: { accountId: { in: accountIds }, scan: { createdAt: { gte: window.from, lte: window.to } } },
    select: { accountId: true, status: true, score: true, error: true, scan: { select: { id: true, createdAt: true } } },
    orderBy: [{ scan: { createdAt: "desc" } }],
  });
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) if (!latest.has(row.accountId)) latest.set(row.accountId, row);
  return latest;
}

const checkSelect = {
  scanId: true,
  accountId: true,
  trailId: true,
  checkId: true,
  status: true,
  severity: true,
  reason: true,
  evidence: true,
  inherited: true,
} satisfies Prisma.CheckResultSelect;

export function checkResultsOf(database: Database, pairs: { scanId: string; accountId: string }[], trailId?: string) {
  if (pairs.length === 0) return Promise.resolve([]);
  return database.checkResult.findMany({ where: { OR: pairs, ...(trailId ? { trailId } : {}) }, select: checkSelect, orderBy: { id: "asc" } });
}

const runSelect = {
  id: true,
  trailId: true,
  status: true,
  windowStart: true,
  windowEnd: true,
  finishedAt: true,
  error: true,
  digestsTotal: true,
  digestsDone: true,
  logsTotal: true,
  logsDone: true,
} satisfies Prisma.ValidationRunSelect;

/** Validation runs of these trails whose window overlaps ours, newest first. */
export function validationRunsOverlapping(database: Database, trailIds: string[], window: Window) {
  return database.validationRun.findMany({
    where: { trailId: { in: trailIds }, windowStart: { lte: window.to }, windowEnd: { gte: window.from } },
    select: runSelect,
    orderBy: { createdAt: "desc" },
  });
}

/** Which file verdicts of a run belong in the report: inside the window, and of one account for an account scope. */
function verdictWhere(runId: string, window: Window, accountId?: string): Prisma.FileVerdictWhereInput {
  return { runId, fileTime: { gte: window.from, lte: window.to }, ...(accountId ? { accountId } : {}) };
}

export function verdictCounts(database: Database, runId: string, window: Window, accountId?: string) {
  return database.fileVerdict.groupBy({
    by: ["accountId", "region", "kind", "status"],
    where: verdictWhere(runId, window, accountId),
    _count: { _all: true },
    orderBy: [{ accountId: "asc" }, { region: "asc" }],
  });
}

const flaggedSelect = {
  id: true,
  accountId: true,
  region: true,
  kind: true,
  status: true,
  reason: true,
  s3Bucket: true,
  s3Key: true,
  fileTime: true,
  expectedHash: true,
  actualHash: true,
  digestKey: true,
  fingerprint: true,
} satisfies Prisma.FileVerdictSelect;
export type FlaggedRow = Prisma.FileVerdictGetPayload<{ select: typeof flaggedSelect }>;

const PAGE = 5_000;

/**
 * INVALID and missing verdicts of a run, worst first then by place, read in pages of 5,000 so no single query
 * result grows with the run; at most `limit` rows.
 */
export async function flaggedVerdicts(database: Database, runId: string, window: Window, accountId: string | undefined, limit: number): Promise<FlaggedRow[]> {
  const rows: FlaggedRow[] = [];
  let cursor: bigint | undefined;
  while (rows.length < limit) {
    const page = await database.fileVerdict.findMany({
      where: { ...verdictWhere(runId, window, accountId), status: { in: FLAGGED_FILE_STATUSES } },
      select: flaggedSelect,
      orderBy: { id: "asc" },
      take: Math.min(PAGE, limit - rows.length),
      ...(cursor === undefined ? {} : { cursor: { id: cursor }, skip: 1 }),
    });
    rows.push(...page);
    if (page.length === 0 || page.length < PAGE) break;
    cursor = page.at(-1)!.id;
  }
  return rows;
}

export function countFlaggedVerdicts(database: Database, runId: string, window: Window, accountId?: string): Promise<number> {
  return database.fileVerdict.count({ where: { ...verdictWhere(runId, window, accountId), status: { in: FLAGGED_FILE_STATUSES } } });
}

/** The signing-key fingerprints of a run's digests, by key: the "who vouched for this log file" column. */
export async function digestFingerprints(database: Database, runId: string, digestKeys: string[]): Promise<Map<string, string | null>> {
  const found = new Map<string, string | null>();
  for (let i = 0; i < digestKeys.length; i += PAGE) {
    const rows = await database.fileVerdict.findMany({
      where: { runId, kind: "digest", s3Key: { in: digestKeys.slice(i, i + PAGE) } },
      select: { s3Key: true, fingerprint: true },
    });
    for (const row of rows) found.set(row.s3Key, row.fingerprint);
  }
  return found;
}

/** Strict findings of a run that touch the window (or carry no time at all), for one account when asked. */
export function findingsOf(database: Database, runId: string, window: Window, accountId?: string) {
  return database.finding.findMany({
    where: {
      runId,
      ...(accountId ? { accountId } : {}),
      OR: [{ fromTime: null }, { AND: [{ fromTime: { lte: window.to } }, { OR: [{ toTime: null }, { toTime: { gte: window.from } }] }] }],
    },
    select: { accountId: true, region: true, kind: true, s3Uri: true, message: true, fromTime: true, toTime: true },
    orderBy: [{ accountId: "asc" }, { region: "asc" }, { kind: "asc" }, { id: "asc" }],
  });
}

/**
 * Which audit events a report reads: those `at` inside the window and, when `targets` is given (an account or trail
 * scope; null for the organization: every event), those whose target names one of `targets` exactly as one of its
 * comma-separated parts (a validation request's target joins trail ids and account ids with commas), or names an
 * evidence export whose scope (its account id or trail ARN, or "organization") is one of `targets` (a download's target is the export
 * id). Whole parts, never substrings: a trail named "copy-111111111111" does not belong to account 111111111111.
 * Sign-ins and sign-outs (auth.*) belong to the organization alone.
 */
function auditWhere(window: Window, targets: string[] | null): Prisma.Sql {
  const inWindow = Prisma.sql`e.at >= ${window.from.toISOString()}::timestamp(3) AND e.at <= ${window.to.toISOString()}::timestamp(3)`;
  if (targets === null) return inWindow;
  return Prisma.sql`${inWindow} AND e.action NOT LIKE 'auth.%' AND (
    string_to_array(e.target, ',') && ${targets}::text[]
    OR e.target IN (SELECT x.id::text FROM evidence_exports x WHERE COALESCE(x.scope_id, x.scope_kind) = ANY(${targets}::text[])))`;
}

/** How many audit events concern the report, per outcome. */
export async function auditOutcomeCounts(database: Database, window: Window, targets: string[] | null): Promise<Record<string, number>> {
  const rows = await database.$queryRaw<{ outcome: string; n: number }[]>`
    SELECT e.outcome, COUNT(*)::int AS n FROM audit_events e WHERE ${auditWhere(window, targets)} GROUP BY e.outcome ORDER BY e.outcome`;
  return Object.fromEntries(rows.map((r) => [r.outcome, r.n]));
}

/** An audit_events row as a report carries it: the bigint id as text, the detail as parsed JSON. */
export type AuditEventRow = Omit<AuditEvent, "id" | "detail"> & { id: string; detail: unknown };

/** The audit events that concern the report, oldest first, read in pages of 5,000 (keyed on time, then id); at most `limit`. */
export async function auditEventsOf(database: Database, window: Window, targets: string[] | null, limit: number): Promise<AuditEventRow[]> {
  const rows: AuditEventRow[] = [];
  const where = auditWhere(window, targets);
  let after: { at: Date; id: string } | undefined;
  while (rows.length < limit) {
    const take = Math.min(PAGE, limit - rows.length);
    const page = await database.$queryRaw<(Omit<AuditEventRow, "detail"> & { detail: string })[]>`
      SELECT e.id::text AS id, e.at, e.actor, e.actor_name AS "actorName", e.roles, e.action, e.target, e.outcome, e.detail::text AS detail,
             e.source_ip AS "sourceIp", e.user_agent AS "userAgent"
        FROM audit_events e
       WHERE ${where} ${after ? Prisma.sql`AND (e.at, e.id) > (${after.at.toISOString()}::timestamp(3), ${after.id}::bigint)` : Prisma.empty}
       ORDER BY e.at, e.id
       LIMIT ${take}`;
    rows.push(...page.map((row) => ({ ...row, detail: JSON.parse(row.detail) as unknown })));
    if (page.length < take) break;
    const last = page.at(-1)!;
    after = { at: last.at, id: last.id };
  }
  return rows;
}

export type ExportRecord = Prisma.EvidenceExportCreateInput;

/** The export and its audit record, in one transaction: one is never stored without the other. */
export async function recordExport(database: Database, record: ExportRecord, audit?: AuditContext): Promise<void> {
  await database.$transaction(async (tx) => {
    await tx.evidenceExport.create({ data: record, select: { id: true } });
    if (audit) {
      const detail = { exportId: record.id, pdfSha256: record.pdfSha256, manifestSha256: record.manifestSha256, windowStart: String(record.windowStart), windowEnd: String(record.windowEnd) };
      await recordAudit(tx, audit, { action: "evidence.export", target: record.scopeId ?? record.scopeKind, outcome: "succeeded", detail });
    }
  });
}

const listSelect = {
  id: true,
  createdAt: true,
  requestedBy: true,
  scopeKind: true,
  scopeId: true,
  windowStart: true,
  windowEnd: true,
  pdfSha256: true,
  manifestSha256: true,
  bundleSha256: true,
  pdfSize: true,
  bundleSize: true,
  pages: true,
} satisfies Prisma.EvidenceExportSelect;
export type ExportListRow = Prisma.EvidenceExportGetPayload<{ select: typeof listSelect }>;

export function listExports(database: Database, take = 200): Promise<ExportListRow[]> {
  return database.evidenceExport.findMany({ select: listSelect, orderBy: { createdAt: "desc" }, take });
}

/** One stored file of an export (the PDF or the zip), with what a download needs to name it. */
export async function exportFile(database: Database, id: string, file: "pdf" | "bundle") {
  const row = await database.evidenceExport.findUnique({
    where: { id },
    select: { id: true, createdAt: true, scopeKind: true, pdfSha256: true, bundleSha256: true, pdfBytes: file === "pdf", bundleBytes: file === "bundle" },
  });
  if (!row) return null;
  const bytes = file === "pdf" ? row.pdfBytes : row.bundleBytes;
  return { id: row.id, createdAt: row.createdAt, scopeKind: row.scopeKind, sha256: file === "pdf" ? row.pdfSha256 : row.bundleSha256, bytes };
}
