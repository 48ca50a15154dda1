// An exception: a documented, time-boxed acceptance of a failing check or an integrity finding (docs/exceptions.md).
// Its state is never stored: it follows from who approved, rejected or revoked it and from the clock, so an expired
// exception stops applying by itself, whether or not any job noticed the moment it expired.

export const EXCEPTION_SCOPES = ["account", "trail", "organizational_unit", "finding"] as const;
export type ExceptionScope = (typeof EXCEPTION_SCOPES)[number];

export const EXCEPTION_STATES = ["proposed", "approved", "rejected", "revoked", "expired"] as const;
export type ExceptionState = (typeof EXCEPTION_STATES)[number];

/** What an exception covers: one check somewhere (an account, a trail, an OU's accounts), or one integrity finding. */
export type ExceptionTarget =
  | { scope: "account"; checkId: string; accountId: string }
  | { scope: "trail"; checkId: string; trailArn: string }
  | { scope: "organizational_unit"; checkId: string; ouPath: string }
  | { scope: "finding"; findingId: string };

/** The fields the rules read, as stored (lib/db/exceptions-repository.ts maps rows to this). */
export interface ExceptionFacts {
  scope: ExceptionScope;
  checkId: string | null;
  accountId: string | null;
  trailArn: string | null;
  ouPath: string | null;
  findingId: string | null;
  /**
   * A file's state when the exception was proposed (finding scope, "trailproof/file/…" ids): its status, and for an
   * INVALID file the SHA-256 of the content then seen (coverage.ts sameFileState). No status: it covers nothing.
   */
  fileStatus?: string | null;
  fileActualHash?: string | null;
  /** The object's ETag as S3 listed it when proposed (null: not recorded). */
  fileEtag?: string | null;
  /** The object's LastModified as S3 listed it when proposed (null: not recorded). */
  fileLastModified?: Date | null;
  createdAt: Date;
  expiresAt: Date;
  approvedAt: Date | null;
  rejectedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * The state at time `at`. A decision made after `at` is not yet known then (the evidence report asks about past
 * moments): approved from approvedAt until the earliest of expiresAt and revokedAt; expired from expiresAt on, for a
 * proposal never decided as well (it can no longer be approved).
 */
export function exceptionState(e: ExceptionFacts, at: Date): ExceptionState {
  const t = at.getTime();
  if (e.revokedAt && e.revokedAt.getTime() <= t) return "revoked";
  if (e.rejectedAt && e.rejectedAt.getTime() <= t) return "rejected";
  if (e.expiresAt.getTime() <= t) return "expired";
  if (e.approvedAt && e.approvedAt.getTime() <= t) return "approved";
  return "proposed";
}

/** True when the exception applies at `at`: approved and neither expired nor revoked. */
export function isActiveAt(e: ExceptionFacts, at: Date): boolean {
  return exceptionState(e, at) === "approved";
}

/** True when it applied at any moment of [from, to]: what an evidence report over that window lists. */
export function wasActiveDuring(e: ExceptionFacts, window: { from: Date; to: Date }): boolean {
  if (!e.approvedAt) return false;
  const start = e.approvedAt.getTime();
  const end = Math.min(e.expiresAt.getTime(), e.revokedAt?.getTime() ?? Infinity);
  return start < end && start <= window.to.getTime() && end > window.from.getTime();
}

/** The moment it stops applying by expiry, or null when it never applied or was revoked before. */
export function expiryMoment(e: ExceptionFacts): Date | null {
  if (!e.approvedAt || e.rejectedAt) return null;
  if (e.revokedAt && e.revokedAt.getTime() <= e.expiresAt.getTime()) return null;
  return e.expiresAt;
}

export function targetOf(e: Pick<ExceptionFacts, "scope" | "checkId" | "accountId" | "trailArn" | "ouPath" | "findingId">): ExceptionTarget {
  const missing = (field: string) => new Error(`An exception of scope ${e.scope} without its ${field}`);
  switch (e.scope) {
    case "account":
      if (!e.checkId || !e.accountId) throw missing("check id and account id");
      return { scope: "account", checkId: e.checkId, accountId: e.accountId };
    case "trail":
      if (!e.checkId || !e.trailArn) throw missing("check id and trail ARN");
      return { scope: "trail", checkId: e.checkId, trailArn: e.trailArn };
    case "organizational_unit":
      if (!e.checkId || !e.ouPath) throw missing("check id and OU path");
      return { scope: "organizational_unit", checkId: e.checkId, ouPath: e.ouPath };
    case "finding":
      if (!e.findingId) throw missing("finding id");
      return { scope: "finding", findingId: e.findingId };
  }
}

/** One line naming what it covers, for lists, audit details and the CLI. */
export function describeTarget(target: ExceptionTarget): string {
  switch (target.scope) {
    case "account":
      return `${target.checkId} in account ${target.accountId}`;
    case "trail":
      return `${target.checkId} on ${target.trailArn}`;
    case "organizational_unit":
      return `${target.checkId} under OU ${target.ouPath}`;
    case "finding":
      return `finding ${target.findingId}`;
  }
}
