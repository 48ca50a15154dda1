import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { Actor } from "@/lib/auth/roles";

// The audit trail's writes and reads. A mutation writes its record with the same transaction client (`tx`), so the
// record exists exactly when the change does; a failure or refusal is written on its own afterwards.

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
  await tx.auditEvent.create({
    data: {
      actor: context.actor.id,
      actorName: context.actor.name,
      roles: context.actor.roles,
      action: entry.action,
      target: entry.target ?? null,
      outcome: entry.outcome,
      detail: entry.detail ?? {},
      sourceIp: context.source.ip,
      userAgent: context.source.userAgent?.slice(0, 300) ?? null,
    },
  });
}

/** How many times this actor started `action` since `since`: the rate limit on expensive work reads the trail itself. */
export function countRecentRequests(database: Database, actorId: string, action: string, since: Date): Promise<number> {
  return database.auditEvent.count({ where: { actor: actorId, action, at: { gte: since }, outcome: { in: ["succeeded", "joined"] } } });
}

export function listAuditEvents(database: Database, window: { from: Date; to: Date }, take = 500) {
  return database.auditEvent.findMany({ where: { at: { gte: window.from, lte: window.to } }, orderBy: { at: "desc" }, take });
}
