import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { FileStatus } from "@/lib/db/generated/enums";
import type { ExceptionTarget } from "@/lib/core/exceptions/exception";
import type { FileState } from "@/lib/core/exceptions/coverage";

// The exceptions table: writes (each with its audit record in the caller's transaction), and the reads that decide
// what an exception changes now (active ones), in a report's window, or at its expiry. "Active" is computed from the
// columns and the clock in SQL exactly as lib/core/exceptions/exception.ts computes it in TypeScript.

type Tx = Pick<Database, "exception">;

export const exceptionSelect = {
  id: true,
  scope: true,
  checkId: true,
  accountId: true,
  trailArn: true,
  ouPath: true,
  findingId: true,
  findingLabel: true,
  objectTime: true,
  fileStatus: true,
  fileActualHash: true,
  fileEtag: true,
  fileLastModified: true,
  justification: true,
  owner: true,
  createdAt: true,
  expiresAt: true,
  proposedBy: true,
  proposedByName: true,
  approvedBy: true,
  approvedByName: true,
  approvedAt: true,
  rejectedBy: true,
  rejectedByName: true,
  rejectedAt: true,
  rejectReason: true,
  revokedBy: true,
  revokedByName: true,
  revokedAt: true,
  revokeReason: true,
  expiryRecordedAt: true,
  source: true,
} satisfies Prisma.ExceptionSelect;

export type ExceptionRow = Prisma.ExceptionGetPayload<{ select: typeof exceptionSelect }>;

/** The target's columns: exactly the fields of its scope, the others null. */
export function targetColumns(target: ExceptionTarget) {
  return {
    scope: target.scope,
    checkId: "checkId" in target ? target.checkId : null,
    accountId: "accountId" in target ? target.accountId : null,
    trailArn: "trailArn" in target ? target.trailArn : null,
    ouPath: "ouPath" in target ? target.ouPath : null,
    findingId: "findingId" in target ? target.findingId : null,
  };
}

/** Where a finding-scoped exception's finding is: its account, trail and time (the integrity heatmap's cell), in words. */
export interface FindingLocation {
  accountId: string;
  trailArn: string;
  objectTime: Date | null;
  label: string;
  /** A file's state by its latest verdict: what the exception accepts (lib/core/exceptions/coverage.ts). */
  file?: FileState;
  /** A strict finding's kind (chain-broken, gap, …). */
  findingKind?: string;
}

export interface NewException {
  target: ExceptionTarget;
  location?: FindingLocation | null;
  justification: string;
  owner: string;
  createdAt: Date;
  expiresAt: Date;
  proposedBy: string;
  proposedByName: string;
  source: "ui" | "cli" | "file";
}

export function createException(tx: Tx, e: NewException): Promise<ExceptionRow> {
  return tx.exception.create({
    data: {
      ...targetColumns(e.target),
      ...(e.location ? { accountId: e.location.accountId, trailArn: e.location.trailArn, objectTime: e.location.objectTime, findingLabel: e.location.label } : {}),
      ...(e.location?.file ? { fileStatus: e.location.file.status as FileStatus, fileActualHash: e.location.file.status === "invalid" ? e.location.file.actualHash : null, fileEtag: e.location.file.etag, fileLastModified: e.location.file.lastModified } : {}),
      justification: e.justification,
      owner: e.owner,
      createdAt: e.createdAt,
      expiresAt: e.expiresAt,
      proposedBy: e.proposedBy,
      proposedByName: e.proposedByName,
      source: e.source,
    },
    select: exceptionSelect,
  });
}

export function findException(database: Tx, id: string): Promise<ExceptionRow | null> {
  return database.exception.findUnique({ where: { id }, select: exceptionSelect });
}

/** Newest first: the Exceptions page and `trailproof exceptions list`. */
export function listExceptions(database: Tx, take = 1000): Promise<ExceptionRow[]> {
  return database.exception.findMany({ orderBy: { createdAt: "desc" }, select: exceptionSelect, take });
}

/** Approved at or before `now`, neither rejected nor revoked by then, and not yet expired. */
function activeWhere(now: Date): Prisma.ExceptionWhereInput {
  return { approvedAt: { lte: now }, rejectedAt: null, expiresAt: { gt: now }, OR: [{ revokedAt: null }, { revokedAt: { gt: now } }] };
}

export function activeExceptions(database: Tx, now: Date): Promise<ExceptionRow[]> {
  return database.exception.findMany({ where: activeWhere(now), orderBy: { createdAt: "asc" }, select: exceptionSelect });
}

/** Proposed or approved, not expired or revoked at `now`: what an exceptions file is compared with on import. */
export function currentExceptions(database: Tx, now: Date): Promise<ExceptionRow[]> {
  return database.exception.findMany({
    where: { rejectedAt: null, expiresAt: { gt: now }, OR: [{ revokedAt: null }, { revokedAt: { gt: now } }] },
    orderBy: { createdAt: "asc" },
    select: exceptionSelect,
  });
}

/** Every exception approved before the window's end (the rules then pick those that applied within it). */
export function exceptionsApprovedBefore(database: Tx, end: Date): Promise<ExceptionRow[]> {
  return database.exception.findMany({ where: { approvedAt: { lte: end }, rejectedAt: null }, orderBy: { approvedAt: "asc" }, select: exceptionSelect });
}

/**
 * What changed with exceptions in [since, now]: those approved then (newest first), and those whose expiry fell then
 * (approved, not revoked before their expiry): "What changed this week" on the overview.
 */
export async function exceptionsChangedBetween(database: Tx, since: Date, now: Date): Promise<{ approved: ExceptionRow[]; expired: ExceptionRow[] }> {
  const [approved, expired] = await Promise.all([
    database.exception.findMany({ where: { approvedAt: { gte: since, lte: now }, rejectedAt: null }, orderBy: { approvedAt: "desc" }, select: exceptionSelect }),
    database.exception.findMany({
      where: { approvedAt: { not: null }, rejectedAt: null, expiresAt: { gte: since, lte: now }, OR: [{ revokedAt: null }, { revokedAt: { gt: now } }] },
      orderBy: { expiresAt: "desc" },
      select: exceptionSelect,
    }),
  ]);
  return { approved, expired: expired.filter((e) => !e.revokedAt || e.revokedAt > e.expiresAt) };
}

/** Approved exceptions whose expiry has passed and was not recorded yet, unless revoked before it. */
export function unrecordedExpiries(database: Tx, now: Date): Promise<ExceptionRow[]> {
  return database.exception.findMany({
    where: { approvedAt: { not: null }, rejectedAt: null, expiresAt: { lte: now }, expiryRecordedAt: null, OR: [{ revokedAt: null }, { revokedAt: { gt: now } }] },
    select: exceptionSelect,
  });
}

/** Claims the recording of one expiry: true for exactly one caller, however many workers tick at once. */
export async function claimExpiry(tx: Tx, id: string, now: Date): Promise<boolean> {
  const { count } = await tx.exception.updateMany({ where: { id, expiryRecordedAt: null }, data: { expiryRecordedAt: now } });
  return count === 1;
}

export type DecisionColumns =
  | { approvedBy: string; approvedByName: string; approvedAt: Date }
  | { rejectedBy: string; rejectedByName: string; rejectedAt: Date; rejectReason: string | null }
  | { revokedBy: string; revokedByName: string; revokedAt: Date; revokeReason: string };

/**
 * Writes a decision unless another landed first (the row no longer undecided, or revoked since): false then. The
 * caller checked the rules on the row it read; this makes two administrators clicking at once safe.
 */
export async function recordDecision(tx: Tx, id: string, columns: DecisionColumns): Promise<boolean> {
  const undecided: Prisma.ExceptionWhereInput = "revokedAt" in columns ? { revokedAt: null, rejectedAt: null } : { approvedAt: null, rejectedAt: null, revokedAt: null };
  const { count } = await tx.exception.updateMany({ where: { id, ...undecided }, data: columns });
  return count === 1;
}

/**
 * The file whose export id (finding-id.ts: "trailproof/file/" and the first 40 hex digits of the SHA-256 of the JSON
 * array ["s3://bucket/key"]) is `hash`, found in SQL among the verdicts that are not valid, with its state by its
 * latest verdict of all (valid again, maybe: the caller decides). Keys with characters JSON escapes (quotes,
 * backslashes, control characters) are not found this way.
 */
export async function locateFlaggedFile(database: Database, hash: string): Promise<FindingLocation | null> {
  const [row] = await database.$queryRaw<{ account_id: string; arn: string; file_time: Date; uri: string; status: FileStatus; actual_hash: string | null; etag: string | null; last_modified: Date | null }[]>`
    WITH flagged AS (
      SELECT v.s3_bucket, v.s3_key FROM file_verdicts v
      WHERE v.status <> 'valid' AND left(encode(sha256(convert_to('["s3://' || v.s3_bucket || '/' || v.s3_key || '"]', 'UTF8')), 'hex'), 40) = ${hash}
      LIMIT 1
    )
    SELECT v.account_id, t.arn, v.file_time, 's3://' || v.s3_bucket || '/' || v.s3_key AS uri, v.status, v.actual_hash, v.etag, v.last_modified
    FROM flagged f JOIN file_verdicts v ON v.s3_bucket = f.s3_bucket AND v.s3_key = f.s3_key
    JOIN validation_runs r ON r.id = v.run_id JOIN trails t ON t.id = r.trail_id
    ORDER BY v.checked_at DESC LIMIT 1`;
  return row ? { accountId: row.account_id, trailArn: row.arn, objectTime: row.file_time, label: row.uri, file: { status: row.status, actualHash: row.actual_hash, etag: row.etag, lastModified: row.last_modified } } : null;
}

/** Every stored strict finding with its trail: the candidates an integrity finding's export id is matched against. */
export function storedFindings(database: Database) {
  return database.$queryRaw<{ kind: string; arn: string; account_id: string; region: string; s3_uri: string | null; from_time: Date | null; to_time: Date | null; message: string }[]>`
    SELECT DISTINCT f.kind, t.arn, f.account_id, f.region, f.s3_uri, f.from_time, f.to_time, f.message
    FROM findings f JOIN validation_runs r ON r.id = f.run_id JOIN trails t ON t.id = r.trail_id`;
}
