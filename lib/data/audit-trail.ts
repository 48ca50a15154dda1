import "server-only";
import { can } from "@/lib/auth/roles";
import { currentActor } from "@/lib/auth/request-context";
import { db } from "@/lib/db/client";
import { listAuditEvents } from "@/lib/db/audit-repository";

/** The last `days` of the audit trail, for those who may read it (admins and auditors). */
export async function getAuditTrail(days: number) {
  if (!can(await currentActor(), "audit.view")) return { allowed: false as const, events: [] };
  const to = new Date();
  return { allowed: true as const, events: await listAuditEvents(db(), { from: new Date(to.getTime() - days * 86_400_000), to }) };
}
