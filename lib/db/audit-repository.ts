import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { Actor } from "@/lib/auth/roles";
import { isWellFormedTarget } from "@/lib/auth/audit-target";

// The audit trail's writes and reads. A mutation writes its record with the same transaction client (`tx`), so the
// record exists exactly when the change does; a failure or refusal is written on its own afterwards, within the
// limits of recordAuditWithin (anyone can cause one). Every text that comes from a caller is bounded here.

/** Bounds on what a caller decides: names and ids from a session or an identity provider, a user agent, a detail. */
const MAX_TEXT = 300;
const MAX_ROLES = 20;
/** A detail's JSON beyond this is replaced by an excerpt: details are short reasons, ids and changed field names. */
export const MAX_DETAIL_LENGTH = 4096;
const EXCERPT = 200;

export interface RequestSource {
  ip: string | null;
  userAgent: string | null;
}

export interface AuditContext {
  actor: Actor;
  source: RequestSource;
}

export interface AuditEntry {
  action: string;
  target?: string | null;
  outcome: "succeeded" | "joined" | "failed" | "refused";
  detail?: Prisma.InputJsonValue;
}

type Writer = Pick<Database, "auditEvent">;

export async function recordAudit(tx: Writer, context: AuditContext, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({ data: auditRow(context, entry) });
}

/**
 * The row as stored. A target its action never writes (isWellFormedTarget) is not stored as the target, where it
 * would decide which evidence reports show the record, but as an excerpt in the detail (`unrecognisedTarget`).
 */
export function auditRow(context: AuditContext, entry: AuditEntry): Prisma.AuditEventCreateInput {
  const target = entry.target ?? null;
  const wellFormed = target === null || isWellFormedTarget(entry.action, target);
  let detail: Prisma.InputJsonValue = entry.detail ?? {};
  if (!wellFormed) detail = { ...(isPlainObject(detail) ? detail : { detail }), unrecognisedTarget: excerpt(target) };
  const json = JSON.stringify(detail);
  if (json.length > MAX_DETAIL_LENGTH) detail = { truncated: true, length: json.length, excerpt: excerpt(json) };
  return {
    actor: context.actor.id.slice(0, MAX_TEXT),
    actorName: context.actor.name.slice(0, MAX_TEXT),
    roles: context.actor.roles.slice(0, MAX_ROLES).map((role) => role.slice(0, MAX_TEXT)),
    action: entry.action,
    target: wellFormed ? target : null,
    outcome: entry.outcome,
    detail,
    sourceIp: context.source.ip?.slice(0, 64) ?? null,
    userAgent: context.source.userAgent?.slice(0, MAX_TEXT) ?? null,
  };
}

function isPlainObject(value: Prisma.InputJsonValue): value is Prisma.InputJsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function excerpt(text: string): string {
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT)}… (${text.length} characters)` : text;
}

/** Whose refusals and failures a limit counts: one actor, one anonymous client address, or every anonymous one. */
export interface RecordLimit {
  actor: string;
  sourceIp?: string;
  max: number;
  perMinutes: number;
}

// A lock class of TrailProof's own (the two-integer advisory lock space), so these never meet pg-boss's or Prisma's.
const RECORD_LIMIT_LOCK_CLASS = 7143;

/**
 * Writes a refusal or failure record unless one of `limits` already counts `max` refused or failed records in its
 * window; true when written. Counted from the audit trail itself, so the cap holds across restarts and several
 * server processes, and what it allows is exactly what the table shows. Each limit's key is locked for the
 * transaction, so a burst of parallel requests cannot all read "one left" and all write.
 */
export async function recordAuditWithin(database: Database, context: AuditContext, entry: AuditEntry, limits: RecordLimit[], now = new Date()): Promise<boolean> {
  return database.$transaction(async (tx) => {
    for (const limit of limits) {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${RECORD_LIMIT_LOCK_CLASS}::int, hashtext(${`${limit.actor}\n${limit.sourceIp ?? "*"}`}))`;
      const since = new Date(now.getTime() - limit.perMinutes * 60_000);
      const where: Prisma.AuditEventWhereInput = { actor: limit.actor, outcome: { in: ["refused", "failed"] }, at: { gte: since } };
      if (limit.sourceIp !== undefined) where.sourceIp = limit.sourceIp;
      if ((await tx.auditEvent.count({ where })) >= limit.max) return false;
    }
    await tx.auditEvent.create({ data: auditRow(context, entry) });
    return true;
  });
}

/** How many times this actor started `action` since `since`: the rate limit on expensive work reads the trail itself. */
export function countRecentRequests(database: Database, actorId: string, action: string, since: Date): Promise<number> {
  return database.auditEvent.count({ where: { actor: actorId, action, at: { gte: since }, outcome: { in: ["succeeded", "joined"] } } });
}

export function listAuditEvents(database: Database, window: { from: Date; to: Date }, take = 500) {
  return database.auditEvent.findMany({ where: { at: { gte: window.from, lte: window.to } }, orderBy: { at: "desc" }, take });
}
