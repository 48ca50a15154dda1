import type { Database } from "@/lib/db/client";
import { countRecentRequests, recordAuditWithin, type AuditContext, type AuditEntry, type RecordLimit } from "@/lib/db/audit-repository";
import { can, type Permission } from "@/lib/auth/roles";
import { SIGNED_OUT } from "@/lib/auth/session";

// The checks every server action and download makes before it does anything, each leaving its trace in the audit
// trail: may this actor do it (else "refused"), has it asked too often (else "refused"), and, when the work itself
// throws, a "failed" record (the work's own transaction, with its "succeeded" record, rolled back).

/** An error whose message is safe to show to the user. */
export class AccessError extends Error {
  constructor(
    message: string,
    readonly code: "unauthenticated" | "forbidden" | "rate-limited",
  ) {
    super(message);
  }
}

const DOING: Record<Permission, string> = {
  view: "view this",
  scan: "start scans",
  validate: "start validations",
  acknowledge: "acknowledge alerts",
  propose: "propose exceptions",
  approve: "approve or reject exceptions",
  export: "export evidence",
  "audit.view": "read the audit trail",
  manage: "change settings",
};

/**
 * Refusals and failures are caused by the caller, signed in or not (a sign-in attempt cookie is free to get): at
 * most REFUSALS_PER_KEY of them are recorded per 10 minutes per signed-in person or, without a session, per client
 * address, and at most ANONYMOUS_REFUSALS from all addresses together, so nobody can bury the trail (or fill the disk)
 * under their own noise. Beyond that the request is answered "too many requests" and not recorded; the server log
 * says so once per request. Legitimate use stays far below: a refused person clicks a few times, not 30.
 */
export const REFUSALS_PER_KEY = { max: 30, perMinutes: 10 };
export const ANONYMOUS_REFUSALS = { max: 300, perMinutes: 10 };

export function refusalLimits(context: AuditContext): RecordLimit[] {
  if (context.actor.id !== SIGNED_OUT.id) return [{ actor: context.actor.id, ...REFUSALS_PER_KEY }];
  return [
    { actor: SIGNED_OUT.id, sourceIp: context.source.ip ?? "unknown", ...REFUSALS_PER_KEY },
    { actor: SIGNED_OUT.id, ...ANONYMOUS_REFUSALS },
  ];
}

/** Records a refusal or failure within refusalLimits; false (and a line in the server log) when over them. */
export async function recordRefusal(database: Database, context: AuditContext, entry: AuditEntry, now = new Date()): Promise<boolean> {
  const recorded = await recordAuditWithin(database, context, entry, refusalLimits(context), now);
  if (!recorded) console.warn(`audit trail: not recorded (too many refusals and failures from ${context.actor.id} at ${context.source.ip ?? "unknown"}): ${entry.action} ${entry.outcome}`);
  return recorded;
}


export async function authorize(database: Database, context: AuditContext, permission: Permission, action: string, target: string | null): Promise<void> {
  if (can(context.actor, permission)) return;
  const signedOut = context.actor.id === SIGNED_OUT.id;
  const entry: AuditEntry = { action, target, outcome: "refused", detail: { reason: signedOut ? "no valid session" : `requires the ${permission} permission` } };
  if (!(await recordRefusal(database, context, entry))) throw new AccessError("Too many refused requests: try again in a few minutes.", "rate-limited");
  if (signedOut) throw new AccessError("Your session has ended: sign in again.", "unauthenticated");
  const roles = context.actor.roles.length ? context.actor.roles.join(", ") : "no role";
  throw new AccessError(`Your role (${roles}) may not ${DOING[permission]}.`, "forbidden");
}

export interface RateLimit {
  max: number;
  perMinutes: number;
}

/**
 * Expensive work (scans, validations, exports): at most `max` per actor in a sliding window, counted as the audit
 * trail records them (one record per run requested: `cost` is how many this request would add).
 */
export async function limitRate(database: Database, context: AuditContext, action: string, target: string | null, limit: RateLimit, cost = 1, now = new Date()): Promise<void> {
  const since = new Date(now.getTime() - limit.perMinutes * 60_000);
  if ((await countRecentRequests(database, context.actor.id, action, since)) + cost <= limit.max) return;
  await recordRefusal(database, context, { action, target, outcome: "refused", detail: { reason: `more than ${limit.max} in ${limit.perMinutes} minutes` } });
  throw new AccessError(`Too many requests: at most ${limit.max} every ${limit.perMinutes} minutes. Try again shortly.`, "rate-limited");
}

export async function auditFailure(database: Database, context: AuditContext, action: string, target: string | null, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  await recordRefusal(database, context, { action, target, outcome: "failed", detail: { error: message.slice(0, 500) } }).catch((auditError: unknown) => {
    console.error("could not record a failed action in the audit trail", auditError);
  });
}
